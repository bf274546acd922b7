package io.kdss.s3.backend;

import java.util.List;

/**
 * One page of ListMultipartUploads. {@code nextKeyMarker} is the last key or common prefix
 * returned (null when the page is empty), {@code nextUploadIdMarker} the last upload's id when
 * the page ends with an upload, null when it ends with a common prefix.
 */
public record UploadsPage(List<MultipartUpload> uploads, List<String> commonPrefixes, boolean truncated,
    String nextKeyMarker, String nextUploadIdMarker) {

  public UploadsPage {
    uploads = List.copyOf(uploads);
    commonPrefixes = List.copyOf(commonPrefixes);
  }

  /** A page without common prefixes: its markers are its last upload's. */
  public UploadsPage(List<MultipartUpload> uploads, boolean truncated) {
    this(uploads, List.of(), truncated, uploads.isEmpty() ? null : uploads.getLast().key(),
        uploads.isEmpty() ? null : uploads.getLast().uploadId());
  }
}
