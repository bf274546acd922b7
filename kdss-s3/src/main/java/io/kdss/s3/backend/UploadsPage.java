package io.kdss.s3.backend;

import java.util.List;

/** One page of ListMultipartUploads. */
public record UploadsPage(List<MultipartUpload> uploads, List<String> commonPrefixes, boolean truncated) {

  public UploadsPage {
    uploads = List.copyOf(uploads);
    commonPrefixes = List.copyOf(commonPrefixes);
  }
}
