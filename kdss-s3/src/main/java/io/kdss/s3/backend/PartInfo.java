package io.kdss.s3.backend;

import java.time.Instant;

/** One uploaded part: number 1..10000, ETag without quotes (MD5 of the part), size in bytes. */
public record PartInfo(int partNumber, String etag, long size, Instant lastModified) {

  public static final int MIN_PART_NUMBER = 1;
  public static final int MAX_PART_NUMBER = 10_000;
}
