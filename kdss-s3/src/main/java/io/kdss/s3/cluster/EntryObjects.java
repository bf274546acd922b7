package io.kdss.s3.cluster;

import io.kdss.proto.Entry;
import io.kdss.s3.backend.ObjectInfo;
import io.kdss.s3.backend.ObjectMeta;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How an object's S3 metadata is kept on its namespace entry: the Content-Type in
 * {@code content_type}, user metadata ({@code x-amz-meta-NAME}) in {@code user_meta} under NAME,
 * and what the entry has no field for under reserved names that start with {@value #RESERVED}
 * (a user metadata name is an HTTP token and never holds ':'): the other content headers and
 * the tag set ({@code s3:tag:KEY}). Names are escaped ('%', '.', '$' as %XX) because MongoDB
 * field names cannot hold '.' or start with '$'.
 */
final class EntryObjects {

  static final String RESERVED = "s3:";
  static final String TAG = RESERVED + "tag:";
  static final String ENCODING = RESERVED + "content-encoding";
  static final String DISPOSITION = RESERVED + "content-disposition";
  static final String CACHE_CONTROL = RESERVED + "cache-control";
  static final String LANGUAGE = RESERVED + "content-language";
  static final String EXPIRES = RESERVED + "expires";

  private EntryObjects() {
  }

  /** The entry's {@code user_meta} for an object with this metadata and tag set. */
  static Map<String, String> userMeta(ObjectMeta meta, Map<String, String> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    meta.userMetadata().forEach((k, v) -> out.put(escape(k), v));
    put(out, ENCODING, meta.contentEncoding());
    put(out, DISPOSITION, meta.contentDisposition());
    put(out, CACHE_CONTROL, meta.cacheControl());
    put(out, LANGUAGE, meta.contentLanguage());
    put(out, EXPIRES, meta.expires());
    tags.forEach((k, v) -> out.put(TAG + escape(k), v));
    return out;
  }

  /** The same {@code user_meta} with the tag set replaced. */
  static Map<String, String> withTags(Map<String, String> userMeta, Map<String, String> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    userMeta.forEach((k, v) -> {
      if (!k.startsWith(TAG)) {
        out.put(k, v);
      }
    });
    tags.forEach((k, v) -> out.put(TAG + escape(k), v));
    return out;
  }

  static ObjectMeta meta(String contentType, Map<String, String> userMeta) {
    Map<String, String> user = new TreeMap<>();
    userMeta.forEach((k, v) -> {
      if (!k.startsWith(RESERVED)) {
        user.put(unescape(k), v);
      }
    });
    return new ObjectMeta(contentType == null || contentType.isEmpty() ? null : contentType, userMeta.get(ENCODING),
        userMeta.get(DISPOSITION), userMeta.get(CACHE_CONTROL), userMeta.get(LANGUAGE), userMeta.get(EXPIRES), user);
  }

  static Map<String, String> tags(Map<String, String> userMeta) {
    Map<String, String> out = new LinkedHashMap<>();
    userMeta.forEach((k, v) -> {
      if (k.startsWith(TAG)) {
        out.put(unescape(k.substring(TAG.length())), v);
      }
    });
    return out;
  }

  static ObjectInfo info(String bucket, String key, Entry e) {
    return new ObjectInfo(bucket, key, e.getSize(), e.getEtag(), Instant.ofEpochMilli(e.getMtimeMs()),
        meta(e.getContentType(), e.getUserMetaMap()));
  }

  static String escape(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '%' -> sb.append("%25");
        case '.' -> sb.append("%2E");
        case '$' -> sb.append("%24");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String unescape(String name) {
    if (name.indexOf('%') < 0) {
      return name;
    }
    return name.replace("%2E", ".").replace("%24", "$").replace("%25", "%");
  }

  private static void put(Map<String, String> out, String name, String value) {
    if (value != null) {
      out.put(name, value);
    }
  }
}
