package io.kdss.s3.backend;

import java.util.List;

/** One page of ListParts: parts with numbers above the marker, in order. */
public record PartsPage(MultipartUpload upload, List<PartInfo> parts, boolean truncated) {

  public PartsPage {
    parts = List.copyOf(parts);
  }
}
