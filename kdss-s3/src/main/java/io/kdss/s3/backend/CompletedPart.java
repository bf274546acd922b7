package io.kdss.s3.backend;

/** One {@code <Part>} of a CompleteMultipartUpload request; the ETag without quotes. */
public record CompletedPart(int partNumber, String etag) {
}
