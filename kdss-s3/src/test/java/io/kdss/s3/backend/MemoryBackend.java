package io.kdss.s3.backend;

import io.kdss.s3.body.BufferStream;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A test-only {@link S3Backend} in memory, so the gateway can be exercised end to end by real S3
 * clients before the cluster's data path exists. Bodies are consumed as streams and become
 * visible only when they end without error, as the contract asks.
 */
public final class MemoryBackend implements S3Backend {

  private record Stored(ObjectInfo info, byte[] data, Map<String, String> tags) {
  }

  private record Part(PartInfo info, byte[] data) {
  }

  private static final class Upload {
    final MultipartUpload info;
    final Map<String, String> tags;
    final TreeMap<Integer, Part> parts = new TreeMap<>();

    Upload(MultipartUpload info, Map<String, String> tags) {
      this.info = info;
      this.tags = Map.copyOf(tags);
    }
  }

  private static final class Bucket {
    final BucketInfo info;
    final TreeMap<String, Stored> objects = new TreeMap<>();
    final Map<BucketConfig, String> configs = new EnumMap<>(BucketConfig.class);
    final Map<String, Upload> uploads = new LinkedHashMap<>();

    Bucket(BucketInfo info) {
      this.info = info;
    }
  }

  /**
   * An upload body the test drives by hand (when {@link #holdBodies} is set): the stream starts
   * paused, bytes are counted and dropped, and the test fetches on the stream's own context.
   */
  public record HeldBody(io.vertx.core.Context context, ReadStream<Buffer> stream,
      java.util.concurrent.atomic.AtomicLong received) {
  }

  public volatile boolean holdBodies;
  public final java.util.concurrent.BlockingQueue<HeldBody> held = new java.util.concurrent.LinkedBlockingQueue<>();

  private final Map<String, Bucket> buckets = new TreeMap<>();
  private final Clock clock;
  /** Incremented for each body whose stream failed (nothing may become visible). */
  public volatile int abortedWrites;

  public MemoryBackend(Clock clock) {
    this.clock = clock;
  }

  private synchronized Bucket find(String bucket) {
    Bucket b = buckets.get(bucket);
    if (b == null) {
      throw new S3Exception(S3ErrorCode.NoSuchBucket).detail("BucketName", bucket);
    }
    return b;
  }

  private static <T> Future<T> call(java.util.function.Supplier<T> s) {
    try {
      return Future.succeededFuture(s.get());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public synchronized Future<List<BucketInfo>> listBuckets(String owner) {
    return Future.succeededFuture(buckets.values().stream().map(b -> b.info)
        .filter(i -> owner == null || i.owner().equals(owner)).toList());
  }

  @Override
  public synchronized Future<BucketInfo> createBucket(String bucket, String owner, String region) {
    Bucket existing = buckets.get(bucket);
    if (existing != null) {
      return Future.failedFuture(new S3Exception(existing.info.owner().equals(owner)
          ? S3ErrorCode.BucketAlreadyOwnedByYou : S3ErrorCode.BucketAlreadyExists));
    }
    Bucket b = new Bucket(new BucketInfo(bucket, clock.instant(), owner, region));
    buckets.put(bucket, b);
    return Future.succeededFuture(b.info);
  }

  @Override
  public Future<BucketInfo> bucket(String bucket) {
    return call(() -> find(bucket).info);
  }

  @Override
  public synchronized Future<Void> deleteBucket(String bucket) {
    return call(() -> {
      Bucket b = find(bucket);
      if (!b.objects.isEmpty() || !b.uploads.isEmpty()) {
        throw new S3Exception(S3ErrorCode.BucketNotEmpty).detail("BucketName", bucket);
      }
      buckets.remove(bucket);
      return null;
    });
  }

  @Override
  public Future<ObjectInfo> putObject(String bucket, String key, ObjectMeta meta, ReadStream<Buffer> body,
      BodyDigest digest) {
    try {
      find(bucket);
    } catch (S3Exception e) {
      return Future.failedFuture(e);
    }
    if (holdBodies) {
      return hold(body).map(size -> new ObjectInfo(bucket, key, size, digest.md5Hex(), clock.instant(), meta));
    }
    return consume(body).map(data -> {
      synchronized (this) {
        ObjectInfo info = new ObjectInfo(bucket, key, data.length, digest.md5Hex(), clock.instant(), meta);
        find(bucket).objects.put(key, new Stored(info, data, Map.of()));
        return info;
      }
    });
  }

  private Future<Long> hold(ReadStream<Buffer> body) {
    Promise<Long> p = Promise.promise();
    java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    body.pause();
    body.exceptionHandler(e -> {
      abortedWrites++;
      p.tryFail(e);
    });
    body.endHandler(v -> p.tryComplete(received.get()));
    body.handler(b -> received.addAndGet(b.length()));
    held.add(new HeldBody(io.vertx.core.Vertx.currentContext(), body, received));
    return p.future();
  }

  private Future<byte[]> consume(ReadStream<Buffer> body) {
    Promise<byte[]> p = Promise.promise();
    Buffer all = Buffer.buffer();
    body.exceptionHandler(e -> {
      abortedWrites++;
      p.tryFail(e);
    });
    body.endHandler(v -> p.tryComplete(all.getBytes()));
    body.handler(all::appendBuffer);
    body.resume();
    return p.future();
  }

  @Override
  public synchronized Future<ObjectHandle> openObject(String bucket, String key) {
    return call(() -> {
      Stored s = find(bucket).objects.get(key);
      if (s == null) {
        throw new S3Exception(S3ErrorCode.NoSuchKey).detail("Key", key);
      }
      return new ObjectHandle() {
        @Override
        public ObjectInfo info() {
          return s.info;
        }

        @Override
        public Map<String, String> tags() {
          return s.tags;
        }

        @Override
        public ReadStream<Buffer> read(long offset, long length) {
          if (s.data == null) {
            return generate(length);
          }
          return new BufferStream(Buffer.buffer(s.data).slice((int) offset, (int) (offset + length)));
        }

        @Override
        public void close() {
        }
      };
    });
  }

  @Override
  public synchronized Future<Void> deleteObject(String bucket, String key) {
    return call(() -> {
      find(bucket).objects.remove(key);
      return null;
    });
  }

  @Override
  public synchronized Future<ListPage> listObjects(String bucket, ListQuery q) {
    return call(() -> {
      NavigableMap<String, Stored> tail = find(bucket).objects.tailMap(q.after(), false);
      List<ObjectInfo> objects = new ArrayList<>();
      List<String> prefixes = new ArrayList<>();
      String last = null;
      boolean truncated = false;
      for (Map.Entry<String, Stored> e : tail.entrySet()) {
        String key = e.getKey();
        if (!key.startsWith(q.prefix())) {
          continue;
        }
        String entry = key;
        if (q.delimiter() != null) {
          int i = key.indexOf(q.delimiter(), q.prefix().length());
          if (i >= 0) {
            entry = key.substring(0, i + q.delimiter().length());
            if (entry.equals(last) || q.after().startsWith(entry) && q.after().length() >= entry.length()
                && key.startsWith(q.after())) {
              continue;
            }
          }
        }
        if (objects.size() + prefixes.size() == q.maxKeys()) {
          truncated = true;
          break;
        }
        if (entry.equals(key)) {
          objects.add(e.getValue().info);
        } else {
          prefixes.add(entry);
        }
        last = entry;
      }
      return new ListPage(objects, prefixes, truncated, last);
    });
  }

  @Override
  public synchronized Future<Map<String, String>> objectTags(String bucket, String key) {
    return call(() -> {
      Stored s = find(bucket).objects.get(key);
      if (s == null) {
        throw new S3Exception(S3ErrorCode.NoSuchKey);
      }
      return s.tags;
    });
  }

  @Override
  public synchronized Future<Void> putObjectTags(String bucket, String key, Map<String, String> tags) {
    return call(() -> {
      Bucket b = find(bucket);
      Stored s = b.objects.get(key);
      if (s == null) {
        throw new S3Exception(S3ErrorCode.NoSuchKey);
      }
      b.objects.put(key, new Stored(s.info, s.data, Map.copyOf(tags)));
      return null;
    });
  }

  @Override
  public synchronized Future<Optional<String>> bucketConfig(String bucket, BucketConfig kind) {
    return call(() -> Optional.ofNullable(find(bucket).configs.get(kind)));
  }

  @Override
  public synchronized Future<Void> putBucketConfig(String bucket, BucketConfig kind, String document) {
    return call(() -> {
      if (document == null) {
        find(bucket).configs.remove(kind);
      } else {
        find(bucket).configs.put(kind, document);
      }
      return null;
    });
  }

  @Override
  public synchronized Future<MultipartUpload> createMultipartUpload(String bucket, String key, ObjectMeta meta,
      Map<String, String> tags, String owner) {
    return call(() -> {
      MultipartUpload u = new MultipartUpload(bucket, key, UUID.randomUUID().toString(), clock.instant(), owner, meta);
      find(bucket).uploads.put(u.uploadId(), new Upload(u, tags));
      return u;
    });
  }

  private synchronized Upload upload(String bucket, String key, String uploadId) {
    Upload u = find(bucket).uploads.get(uploadId);
    if (u == null || !u.info.key().equals(key)) {
      throw new S3Exception(S3ErrorCode.NoSuchUpload).detail("UploadId", uploadId);
    }
    return u;
  }

  @Override
  public Future<PartInfo> uploadPart(String bucket, String key, String uploadId, int partNumber,
      ReadStream<Buffer> body, BodyDigest digest) {
    try {
      upload(bucket, key, uploadId);
    } catch (S3Exception e) {
      return Future.failedFuture(e);
    }
    return consume(body).map(data -> {
      synchronized (this) {
        PartInfo p = new PartInfo(partNumber, digest.md5Hex(), data.length, clock.instant());
        upload(bucket, key, uploadId).parts.put(partNumber, new Part(p, data));
        return p;
      }
    });
  }

  @Override
  public synchronized Future<ObjectInfo> completeMultipartUpload(String bucket, String key, String uploadId,
      List<CompletedPart> parts) {
    return call(() -> {
      Upload u = upload(bucket, key, uploadId);
      Map<Integer, PartInfo> stored = new HashMap<>();
      u.parts.forEach((n, p) -> stored.put(n, p.info));
      List<PartInfo> chosen = MultipartRules.resolve(parts, stored);
      Buffer all = Buffer.buffer();
      for (PartInfo p : chosen) {
        all.appendBytes(u.parts.get(p.partNumber()).data);
      }
      ObjectInfo info = new ObjectInfo(bucket, key, all.length(), MultipartRules.multipartEtag(chosen), clock.instant(),
          u.info.meta());
      Bucket b = find(bucket);
      b.objects.put(key, new Stored(info, all.getBytes(), u.tags));
      b.uploads.remove(uploadId);
      return info;
    });
  }

  @Override
  public synchronized Future<Void> abortMultipartUpload(String bucket, String key, String uploadId) {
    return call(() -> {
      upload(bucket, key, uploadId);
      find(bucket).uploads.remove(uploadId);
      return null;
    });
  }

  @Override
  public synchronized Future<PartsPage> listParts(String bucket, String key, String uploadId, int marker, int max) {
    return call(() -> {
      Upload u = upload(bucket, key, uploadId);
      List<PartInfo> out = new ArrayList<>();
      boolean truncated = false;
      for (Part p : u.parts.tailMap(marker, false).values()) {
        if (out.size() == max) {
          truncated = true;
          break;
        }
        out.add(p.info);
      }
      return new PartsPage(u.info, out, truncated);
    });
  }

  @Override
  public synchronized Future<UploadsPage> listMultipartUploads(String bucket, UploadsQuery q) {
    return call(() -> {
      List<MultipartUpload> out = new ArrayList<>();
      boolean truncated = false;
      for (Upload u : find(bucket).uploads.values()) {
        if (!u.info.key().startsWith(q.prefix()) || u.info.key().compareTo(q.keyMarker()) <= 0 && !q.keyMarker().isEmpty()) {
          continue;
        }
        if (out.size() == q.maxUploads()) {
          truncated = true;
          break;
        }
        out.add(u.info);
      }
      return new UploadsPage(out, truncated);
    });
  }

  /** Bytes produced so far by reads of synthetic objects (see {@link #putSynthetic}). */
  public final java.util.concurrent.atomic.AtomicLong syntheticProduced = new java.util.concurrent.atomic.AtomicLong();

  /**
   * A large object of zero bytes that holds no memory: reads generate 64 KiB buffers only when
   * the reader asks for them, counting them in {@link #syntheticProduced}.
   */
  public synchronized void putSynthetic(String bucket, String key, long size) {
    ObjectInfo info = new ObjectInfo(bucket, key, size, "0".repeat(32), clock.instant(), ObjectMeta.empty());
    find(bucket).objects.put(key, new Stored(info, null, Map.of()));
  }

  private ReadStream<Buffer> generate(long length) {
    return new GeneratedStream(length, syntheticProduced);
  }

  /** Test access to stored bytes. */
  public synchronized byte[] data(String bucket, String key) {
    Stored s = find(bucket).objects.get(key);
    return s == null ? null : s.data;
  }

  public synchronized boolean exists(String bucket, String key) {
    return buckets.containsKey(bucket) && buckets.get(bucket).objects.containsKey(key);
  }

  public Instant now() {
    return clock.instant();
  }
}
