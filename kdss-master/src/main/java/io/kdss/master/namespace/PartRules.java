package io.kdss.master.namespace;

import io.kdss.proto.PartRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * S3's rules for the part list of CompleteMultipartUpload (pure functions): at least one part,
 * numbers 1..10000 strictly ascending, each listed part uploaded with that ETag, every part but
 * the last at least 5 MiB; the object's ETag is the MD5 of the concatenated binary part MD5s,
 * "-", the part count.
 */
final class PartRules {

  private PartRules() {
  }

  static void checkList(List<PartRef> parts) {
    if (parts.isEmpty()) {
      throw MultipartUploads.s3Error(GrpcStatus.INVALID_ARGUMENT, "MalformedXML",
          "CompleteMultipartUpload needs at least one Part");
    }
    if (parts.size() > MultipartCompletion.MAX_PARTS) {
      throw MultipartUploads.s3Error(GrpcStatus.INVALID_ARGUMENT, "InvalidArgument",
          "an upload has at most " + MultipartCompletion.MAX_PARTS + " parts, " + parts.size() + " were listed");
    }
    int previous = 0;
    for (PartRef p : parts) {
      if (p.getPartNumber() < 1 || p.getPartNumber() > MultipartCompletion.MAX_PARTS) {
        throw MultipartUploads.s3Error(GrpcStatus.INVALID_ARGUMENT, "InvalidArgument",
            "Part number must be an integer between 1 and 10000, inclusive (was " + p.getPartNumber() + ")");
      }
      if (p.getPartNumber() <= previous) {
        throw MultipartUploads.s3Error(GrpcStatus.INVALID_ARGUMENT, "InvalidPartOrder",
            "The list of parts was not in ascending order: part " + p.getPartNumber() + " after " + previous);
      }
      previous = p.getPartNumber();
    }
  }

  /** The plan (step 0) for the listed parts, given the upload's part files by name. */
  static JsonObject plan(List<PartRef> parts, Map<String, JsonObject> files) {
    JsonArray planned = new JsonArray();
    MessageDigest md5 = md5();
    long size = 0;
    for (int i = 0; i < parts.size(); i++) {
      PartRef want = parts.get(i);
      JsonObject file = files.get(MultipartUploads.partName(want.getPartNumber()));
      String etag = unquote(want.getEtag());
      String stored = file == null ? null : file.getString("etag", "");
      if (stored == null || !stored.equalsIgnoreCase(etag)) {
        throw MultipartUploads.s3Error(GrpcStatus.INVALID_ARGUMENT, "InvalidPart", "part " + want.getPartNumber()
            + (file == null ? " was not uploaded" : " has ETag " + stored + ", not " + etag));
      }
      long partSize = file.getLong("size", 0L);
      if (i < parts.size() - 1 && partSize < MultipartCompletion.MIN_PART_SIZE) {
        throw MultipartUploads.s3Error(GrpcStatus.INVALID_ARGUMENT, "EntityTooSmall", "part " + want.getPartNumber()
            + " is " + partSize + " bytes; every part but the last must be at least " + MultipartCompletion.MIN_PART_SIZE);
      }
      try {
        md5.update(HexFormat.of().parseHex(stored));
      } catch (IllegalArgumentException e) {
        throw MultipartUploads.s3Error(GrpcStatus.INVALID_ARGUMENT, "InvalidPart", "part " + want.getPartNumber()
            + " has no MD5 ETag");
      }
      planned.add(new JsonObject().put("n", want.getPartNumber()).put("id", file.getLong("_id"))
          .put("cid", file.getLong("cid", 0L)).put("size", partSize).put("etag", stored));
      size += partSize;
    }
    String etag = HexFormat.of().formatHex(md5.digest()) + "-" + parts.size();
    return new JsonObject().put("parts", planned).put("size", size).put("etag", etag).put("step", 0);
  }

  static String unquote(String etag) {
    String s = etag == null ? "" : etag.strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1);
    }
    return s.toLowerCase(Locale.ROOT);
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }
}
