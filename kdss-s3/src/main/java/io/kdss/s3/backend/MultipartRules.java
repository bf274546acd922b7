package io.kdss.s3.backend;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** S3's rules for completing a multipart upload, as pure functions for every backend to share. */
public final class MultipartRules {

  /** Every part but the last must be at least this large (5 MiB). */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  /** A part is at most 5 GiB. */
  public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

  private MultipartRules() {
  }

  /** InvalidPartOrder unless part numbers are strictly ascending (S3 rejects duplicates too). */
  public static void checkOrder(List<CompletedPart> parts) {
    if (parts.isEmpty()) {
      throw new S3Exception(S3ErrorCode.MalformedXML,
          "The XML you provided was not well-formed or did not validate against our published schema:"
              + " CompleteMultipartUpload needs at least one Part.");
    }
    int previous = 0;
    for (CompletedPart p : parts) {
      if (p.partNumber() < PartInfo.MIN_PART_NUMBER || p.partNumber() > PartInfo.MAX_PART_NUMBER) {
        throw new S3Exception(S3ErrorCode.InvalidArgument,
            "Part number must be an integer between 1 and 10000, inclusive").detail("ArgumentName", "partNumber")
            .detail("ArgumentValue", Integer.toString(p.partNumber()));
      }
      if (p.partNumber() <= previous) {
        throw new S3Exception(S3ErrorCode.InvalidPartOrder);
      }
      previous = p.partNumber();
    }
  }

  /**
   * Checks the requested parts against the stored ones (InvalidPart, EntityTooSmall) and returns
   * the stored infos in request order.
   */
  public static List<PartInfo> resolve(List<CompletedPart> requested, Map<Integer, PartInfo> stored) {
    checkOrder(requested);
    PartInfo[] out = new PartInfo[requested.size()];
    for (int i = 0; i < out.length; i++) {
      CompletedPart want = requested.get(i);
      PartInfo have = stored.get(want.partNumber());
      if (have == null || !have.etag().equals(stripQuotes(want.etag()))) {
        throw new S3Exception(S3ErrorCode.InvalidPart).detail("PartNumber", Integer.toString(want.partNumber()))
            .detail("ETag", want.etag());
      }
      if (i < out.length - 1 && have.size() < MIN_PART_SIZE) {
        throw new S3Exception(S3ErrorCode.EntityTooSmall).detail("ProposedSize", Long.toString(have.size()))
            .detail("MinSizeAllowed", Long.toString(MIN_PART_SIZE)).detail("PartNumber", Integer.toString(want.partNumber()))
            .detail("ETag", want.etag());
      }
      out[i] = have;
    }
    return List.of(out);
  }

  /** The ETag S3 gives a multipart object: hex MD5 of the concatenated binary part MD5s, "-", count. */
  public static String multipartEtag(List<PartInfo> parts) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (PartInfo p : parts) {
        md5.update(HexFormat.of().parseHex(p.etag()));
      }
      return HexFormat.of().formatHex(md5.digest()) + "-" + parts.size();
    } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
      throw new IllegalStateException("part ETags must be hex MD5s", e);
    }
  }

  public static String stripQuotes(String etag) {
    if (etag == null) {
      return null;
    }
    String s = etag.strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }
}
