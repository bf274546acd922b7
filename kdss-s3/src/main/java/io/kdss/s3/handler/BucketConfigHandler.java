package io.kdss.s3.handler;

import io.kdss.s3.backend.BucketConfig;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.policy.PolicyParser;
import io.kdss.s3.xml.CorsXml;
import io.kdss.s3.xml.TagSet;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;

/**
 * The per-bucket documents: policy (?policy), CORS (?cors) and tags (?tagging). Each is checked
 * on Put (MalformedPolicy, MalformedXML, InvalidTag...) and stored in normalised form.
 */
final class BucketConfigHandler implements S3Handler {

  @Override
  public Future<Void> handle(S3Exchange x) {
    String bucket = x.request().bucket();
    return x.authorize().compose(b -> switch (x.request().operation()) {
      case GetBucketPolicy -> get(x, BucketConfig.POLICY, S3ErrorCode.NoSuchBucketPolicy, "application/json");
      case PutBucketPolicy -> {
        String json = x.document().toString(StandardCharsets.UTF_8);
        if (json.isBlank()) {
          throw new S3Exception(S3ErrorCode.MalformedPolicy, "The policy document is empty.");
        }
        PolicyParser.parse(json, bucket);
        yield put(x, BucketConfig.POLICY, json, 204);
      }
      case DeleteBucketPolicy -> put(x, BucketConfig.POLICY, null, 204);
      case GetBucketCors -> get(x, BucketConfig.CORS, S3ErrorCode.NoSuchCORSConfiguration, "application/xml");
      case PutBucketCors -> put(x, BucketConfig.CORS, CorsXml.write(CorsXml.parse(x.document().getBytes())), 200);
      case DeleteBucketCors -> put(x, BucketConfig.CORS, null, 204);
      case GetBucketTagging -> get(x, BucketConfig.TAGGING, S3ErrorCode.NoSuchTagSet, "application/xml");
      case PutBucketTagging -> put(x, BucketConfig.TAGGING,
          TagSet.write(TagSet.parse(x.document().getBytes(), TagSet.MAX_BUCKET_TAGS)), 204);
      case DeleteBucketTagging -> put(x, BucketConfig.TAGGING, null, 204);
      default -> throw new IllegalArgumentException(x.request().operation() + " is not a bucket configuration");
    });
  }

  private static Future<Void> get(S3Exchange x, BucketConfig kind, S3ErrorCode missing, String contentType) {
    return x.backend().bucketConfig(x.request().bucket(), kind).compose(doc -> {
      if (doc.isEmpty()) {
        return Future.failedFuture(new S3Exception(missing).detail("BucketName", x.request().bucket()));
      }
      return x.response().setStatusCode(200).putHeader("Content-Type", contentType).end(doc.get());
    });
  }

  /** S3 answers PutBucketCors with 200 and the other puts and deletes with 204. */
  private static Future<Void> put(S3Exchange x, BucketConfig kind, String document, int status) {
    return x.backend().putBucketConfig(x.request().bucket(), kind, document).compose(v -> x.sendEmpty(status));
  }
}
