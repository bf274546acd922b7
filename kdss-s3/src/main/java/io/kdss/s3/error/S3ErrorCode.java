package io.kdss.s3.error;

/**
 * Every error the gateway answers with: the single table of S3 error codes, their HTTP status
 * and default message. The wire code is the constant's name (constants are spelled exactly as
 * S3 spells its codes), except where two situations share one code (an expired presigned URL is
 * {@code AccessDenied} with its own message): those carry the wire code explicitly.
 */
public enum S3ErrorCode {

  AccessDenied(403, "Access Denied"),
  /** A CORS preflight no rule allows. */
  AccessForbidden(403, "CORSResponse: This CORS request is not allowed. This is usually because the evaluation"
      + " of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not"
      + " whitelisted by the resource's CORS spec."),
  AuthorizationHeaderMalformed(400, "The authorization header is malformed."),
  AuthorizationQueryParametersError(400, "Error parsing the X-Amz-Credential parameter."),
  /** A malformed CORS preflight (no Origin, no Access-Control-Request-Method). */
  BadRequest(400, "Insufficient information. Origin request header needed."),
  BadDigest(400, "The Content-MD5 or checksum value you specified did not match what we received."),
  BucketAlreadyExists(409,
      "The requested bucket name is not available. The bucket namespace is shared by all users of the system."
          + " Please select a different name and try again."),
  BucketAlreadyOwnedByYou(409,
      "Your previous request to create the named bucket succeeded and you already own it."),
  BucketNotEmpty(409, "The bucket you tried to delete is not empty."),
  /** A conditional write lost to a concurrent write of its key after it was admitted. */
  ConditionalRequestConflict(409, "A conflicting operation occurred. If using PutObject you can retry the request."
      + " If using multipart upload you should initiate another CreateMultipartUpload request and re-upload each"
      + " part."),
  EntityTooLarge(400, "Your proposed upload exceeds the maximum allowed object size."),
  EntityTooSmall(400, "Your proposed upload is smaller than the minimum allowed object size."),
  ExpiredToken(400, "The provided token has expired."),
  IllegalLocationConstraintException(400,
      "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."),
  IncompleteBody(400, "You did not provide the number of bytes specified by the Content-Length HTTP header."),
  InternalError(500, "We encountered an internal error. Please try again."),
  InvalidAccessKeyId(403, "The AWS Access Key Id you provided does not exist in our records."),
  InvalidArgument(400, "Invalid Argument"),
  InvalidBucketName(400, "The specified bucket is not valid."),
  InvalidBucketState(409, "The request is not valid with the current state of the bucket."),
  InvalidDigest(400, "The Content-MD5 you specified is not valid."),
  InvalidLocationConstraint(400, "The specified location constraint is not valid."),
  InvalidPart(400, "One or more of the specified parts could not be found. The part may not have been uploaded,"
      + " or the specified entity tag may not match the part's entity tag."),
  InvalidPartNumber(416, "The requested partnumber is not satisfiable"),
  InvalidPartOrder(400, "The list of parts was not in ascending order. Parts must be ordered by part number."),
  InvalidRange(416, "The requested range is not satisfiable"),
  InvalidRequest(400, "Invalid Request"),
  InvalidStorageClass(400, "The storage class you specified is not valid."),
  InvalidTag(400, "The tag provided was not a valid tag."),
  InvalidURI(400, "Couldn't parse the specified URI."),
  KeyTooLongError(400, "Your key is too long."),
  MalformedPolicy(400, "Policies must be valid JSON and the first byte must be '{'"),
  MalformedXML(400,
      "The XML you provided was not well-formed or did not validate against our published schema."),
  MaxMessageLengthExceeded(400, "Your request was too big."),
  MetadataTooLarge(400, "Your metadata headers exceed the maximum allowed metadata size."),
  MethodNotAllowed(405, "The specified method is not allowed against this resource."),
  MissingContentLength(411, "You must provide the Content-Length HTTP header."),
  MissingRequestBodyError(400, "Request Body is empty."),
  NoSuchBucket(404, "The specified bucket does not exist"),
  NoSuchBucketPolicy(404, "The bucket policy does not exist"),
  NoSuchCORSConfiguration(404, "The CORS configuration does not exist"),
  NoSuchKey(404, "The specified key does not exist."),
  NoSuchLifecycleConfiguration(404, "The lifecycle configuration does not exist"),
  NoSuchTagSet(404, "The TagSet does not exist"),
  NoSuchUpload(404, "The specified multipart upload does not exist. The upload ID may be invalid,"
      + " or the upload may have been aborted or completed."),
  NoSuchVersion(404, "The specified version does not exist."),
  NotImplemented(501, "A header or operation you provided implies functionality that is not implemented."),
  /** Not an error to S3 clients: a 304 without a body, raised through the same path as 412. */
  NotModified(304, "Not Modified"),
  OperationAborted(409, "A conflicting conditional operation is currently in progress against this resource."
      + " Please try again."),
  PreconditionFailed(412, "At least one of the pre-conditions you specified did not hold"),
  RequestExpired(403, "AccessDenied", "Request has expired"),
  RequestTimeTooSkewed(403, "The difference between the request time and the server's time is too large."),
  RequestTimeout(400, "Your socket connection to the server was not read from or written to within the"
      + " timeout period."),
  ServiceUnavailable(503, "Service is unable to handle request."),
  SignatureDoesNotMatch(403, "The request signature we calculated does not match the signature you provided."
      + " Check your key and signing method."),
  SlowDown(503, "Please reduce your request rate."),
  TooManyBuckets(400, "You have attempted to create more buckets than allowed."),
  UnexpectedContent(400, "This request does not support content."),
  XAmzContentSHA256Mismatch(400, "The provided 'x-amz-content-sha256' header does not match what was computed."),
  /** KDSS: one namespace for S3 and FUSE, so key "a" and key "a/b" cannot both exist. */
  XKdssKeyConflict(409, "The key conflicts with an existing key: an object cannot also be a prefix"
      + " directory ('a' and 'a/b' cannot both exist).");

  private final int httpStatus;
  private final String code;
  private final String message;

  S3ErrorCode(int httpStatus, String message) {
    this(httpStatus, null, message);
  }

  S3ErrorCode(int httpStatus, String code, String message) {
    this.httpStatus = httpStatus;
    this.code = code == null ? name() : code;
    this.message = message;
  }

  /** The {@code <Code>} sent to clients. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String defaultMessage() {
    return message;
  }

  /** Server-side faults: logged at WARN and counted as errors of the gateway, not of the client. */
  public boolean serverFault() {
    return httpStatus >= 500;
  }
}
