package io.kdss.s3.range;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an object, inclusive ({@code first..last}), from a {@code Range} header.
 * As S3: one range only (a header with several, or one that does not parse, is ignored and the
 * whole object served); {@code bytes=N-} and suffix {@code bytes=-N} supported; a last position
 * past the end is clamped; a range starting past the end is InvalidRange (416) with
 * {@code Content-Range: bytes *}{@code /size}. UploadPartCopy's {@code x-amz-copy-source-range}
 * is stricter: {@link #parseCopySource}.
 */
public record ByteRange(long first, long last) {

  /** Up to 18 digits per position: every such number fits a long. */
  private static final Pattern COPY_SOURCE_RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})");

  public long length() {
    return last - first + 1;
  }

  /** All of an object of {@code size} bytes (empty when size is 0). */
  public static ByteRange whole(long size) {
    return new ByteRange(0, size - 1);
  }

  /** The {@code Content-Range} value of a 206 answer. */
  public String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /** The range to serve, or null for the whole object. */
  public static ByteRange parse(String header, long size) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return null;
    }
    String spec = h.substring(6).strip();
    if (spec.contains(",")) {
      return null;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String a = spec.substring(0, dash).strip();
    String b = spec.substring(dash + 1).strip();
    try {
      if (a.isEmpty()) {
        if (b.isEmpty()) {
          return null;
        }
        long suffix = Long.parseLong(b);
        if (suffix <= 0 || size == 0) {
          throw unsatisfiable(header, size);
        }
        return new ByteRange(Math.max(0, size - suffix), size - 1);
      }
      long first = Long.parseLong(a);
      long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
      if (first < 0 || last < first) {
        return null;
      }
      if (first >= size) {
        throw unsatisfiable(header, size);
      }
      return new ByteRange(first, Math.min(last, size - 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The {@code x-amz-copy-source-range} of an UploadPartCopy, strictly as S3 reads it: exactly
   * {@code bytes=first-last}, else InvalidArgument; {@code first <= last < size}, else InvalidRange
   * (no suffix or open ranges, no clamping: a part must be exactly the bytes asked for).
   */
  public static ByteRange parseCopySource(String header, long size) {
    Matcher m = COPY_SOURCE_RANGE.matcher(header.strip());
    if (!m.matches()) {
      throw new S3Exception(S3ErrorCode.InvalidArgument, "The x-amz-copy-source-range value must be of the form"
          + " bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy")
          .detail("ArgumentName", "x-amz-copy-source-range").detail("ArgumentValue", header);
    }
    long first = Long.parseLong(m.group(1));
    long last = Long.parseLong(m.group(2));
    if (first > last || last >= size) {
      throw new S3Exception(S3ErrorCode.InvalidRange, "The x-amz-copy-source-range " + header.strip()
          + " is not within the source object of " + size + " bytes (first <= last < size).")
          .detail("RangeRequested", header).detail("ActualObjectSize", Long.toString(size));
    }
    return new ByteRange(first, last);
  }

  private static S3Exception unsatisfiable(String header, long size) {
    return new S3Exception(S3ErrorCode.InvalidRange).detail("RangeRequested", header)
        .detail("ActualObjectSize", Long.toString(size)).header("Content-Range", "bytes */" + size);
  }
}
