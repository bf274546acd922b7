package io.kdss.s3.backend;

/** A ListMultipartUploads page request (key-marker and upload-id-marker as S3 defines them). */
public record UploadsQuery(String prefix, String delimiter, String keyMarker, String uploadIdMarker,
    int maxUploads) {

  public UploadsQuery {
    prefix = prefix == null ? "" : prefix;
    delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    keyMarker = keyMarker == null ? "" : keyMarker;
    uploadIdMarker = uploadIdMarker == null ? "" : uploadIdMarker;
  }
}
