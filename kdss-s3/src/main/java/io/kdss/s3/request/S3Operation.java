package io.kdss.s3.request;

/**
 * What a request asks for: tags every request for metrics and logs, selects its handler, and
 * names the IAM action a bucket policy is evaluated against ({@code s3:GetObject}...).
 */
public enum S3Operation {
  ListBuckets("s3:ListAllMyBuckets"),
  CreateBucket("s3:CreateBucket"),
  DeleteBucket("s3:DeleteBucket"),
  HeadBucket("s3:ListBucket"),
  GetBucketLocation("s3:GetBucketLocation"),
  GetBucketVersioning("s3:GetBucketVersioning"),
  GetBucketAcl("s3:GetBucketAcl"),
  /** No bucket has a lifecycle configuration: NoSuchLifecycleConfiguration, as S3 answers for those. */
  GetBucketLifecycleConfiguration("s3:GetLifecycleConfiguration"),
  ListObjects("s3:ListBucket"),
  ListObjectsV2("s3:ListBucket"),
  ListObjectVersions("s3:ListBucketVersions"),
  ListMultipartUploads("s3:ListBucketMultipartUploads"),
  GetBucketPolicy("s3:GetBucketPolicy"),
  PutBucketPolicy("s3:PutBucketPolicy"),
  DeleteBucketPolicy("s3:DeleteBucketPolicy"),
  GetBucketCors("s3:GetBucketCORS"),
  PutBucketCors("s3:PutBucketCORS"),
  DeleteBucketCors("s3:PutBucketCORS"),
  GetBucketTagging("s3:GetBucketTagging"),
  PutBucketTagging("s3:PutBucketTagging"),
  DeleteBucketTagging("s3:PutBucketTagging"),
  /** Authorised per key, as {@code s3:DeleteObject} on each. */
  DeleteObjects("s3:DeleteObject"),
  PutObject("s3:PutObject"),
  /** Also needs {@code s3:GetObject} on the source. */
  CopyObject("s3:PutObject"),
  GetObject("s3:GetObject"),
  HeadObject("s3:GetObject"),
  DeleteObject("s3:DeleteObject"),
  GetObjectAcl("s3:GetObjectAcl"),
  GetObjectTagging("s3:GetObjectTagging"),
  PutObjectTagging("s3:PutObjectTagging"),
  DeleteObjectTagging("s3:DeleteObjectTagging"),
  CreateMultipartUpload("s3:PutObject"),
  UploadPart("s3:PutObject"),
  /** Also needs {@code s3:GetObject} on the source. */
  UploadPartCopy("s3:PutObject"),
  CompleteMultipartUpload("s3:PutObject"),
  AbortMultipartUpload("s3:AbortMultipartUpload"),
  ListParts("s3:ListMultipartUploadParts"),
  /** A CORS preflight: never authenticated, answered from the bucket's CORS configuration. */
  Preflight(null),
  /** A sub-resource or method S3 has and KDSS does not serve: NotImplemented. */
  Unsupported(null);

  private final String action;

  S3Operation(String action) {
    this.action = action;
  }

  /** The IAM action name, null for requests no policy governs. */
  public String action() {
    return action;
  }

  /** Operations whose request body is an upload to stream (the others read a small document or none). */
  public boolean streamsBody() {
    return this == PutObject || this == UploadPart;
  }
}
