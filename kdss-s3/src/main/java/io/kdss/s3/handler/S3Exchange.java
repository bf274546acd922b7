package io.kdss.s3.handler;

import io.kdss.s3.auth.Caller;
import io.kdss.s3.auth.RequestAuthorizer;
import io.kdss.s3.backend.BucketConfig;
import io.kdss.s3.backend.BucketInfo;
import io.kdss.s3.backend.S3Backend;
import io.kdss.policy.BucketPolicy;
import io.kdss.s3.request.S3Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request on its way through the gateway: the HTTP exchange, the parsed S3 request, the
 * authenticated caller, the small request document when the operation takes one, and helpers
 * to authorise and answer.
 */
public final class S3Exchange {

  private final S3Gateway gateway;
  private final HttpServerRequest http;
  private final S3Request request;
  private final Caller caller;
  private final Buffer document;
  private final Instant now;

  public S3Exchange(S3Gateway gateway, HttpServerRequest http, S3Request request, Caller caller, Buffer document) {
    this.gateway = gateway;
    this.http = http;
    this.request = request;
    this.caller = caller;
    this.document = document;
    this.now = gateway.clock().instant();
  }

  public S3Gateway gateway() {
    return gateway;
  }

  public S3Backend backend() {
    return gateway.backend();
  }

  public HttpServerRequest http() {
    return http;
  }

  public HttpServerResponse response() {
    return http.response();
  }

  public S3Request request() {
    return request;
  }

  public Caller caller() {
    return caller;
  }

  public Instant now() {
    return now;
  }

  /** The request document (XML, policy JSON) after its checks; empty when none was sent. */
  public Buffer document() {
    return document == null ? Buffer.buffer() : document;
  }

  /** Authorises the request's own operation on its own bucket and key. */
  public Future<BucketInfo> authorize() {
    return authorize(request.operation().action(), request.bucket(), request.key());
  }

  /** Authorises {@code action} on a bucket (key null) or object; fails with NoSuchBucket or AccessDenied. */
  public Future<BucketInfo> authorize(String action, String bucket, String key) {
    S3Backend b = gateway.backend();
    return b.bucket(bucket).compose(info -> b.bucketConfig(bucket, BucketConfig.POLICY).map(doc -> {
      BucketPolicy policy = doc.map(d -> gateway.policy(bucket, d)).orElse(null);
      RequestAuthorizer.check(caller, action, bucket, key, info.owner(), policy, identityPolicy(), conditionKeys());
      return info;
    }));
  }

  /** The caller's identity policy, parsed; null for anonymous callers and users without one. */
  public BucketPolicy identityPolicy() {
    return caller.anonymous() ? null : gateway.identityPolicy(caller.key().policy());
  }

  /** Authorises an account-level action (ListAllMyBuckets, CreateBucket) on {@code resource}. */
  public void authorizeAccount(String action, String resource) {
    RequestAuthorizer.checkAccount(caller, action, resource, identityPolicy(), conditionKeys());
  }

  /** The request's policy condition keys: aws:* from the connection and caller, s3:* from the request. */
  public Map<String, List<String>> conditionKeys() {
    Map<String, List<String>> k = new LinkedHashMap<>();
    if (http.remoteAddress() != null && http.remoteAddress().hostAddress() != null) {
      k.put("aws:SourceIp", List.of(http.remoteAddress().hostAddress()));
    }
    k.put("aws:SecureTransport", List.of(Boolean.toString(http.isSSL())));
    k.put("aws:CurrentTime", List.of(now.toString()));
    k.put("aws:EpochTime", List.of(Long.toString(now.getEpochSecond())));
    put(k, "aws:UserAgent", request.header("user-agent"));
    put(k, "aws:Referer", request.header("referer"));
    put(k, "s3:x-amz-acl", request.header("x-amz-acl"));
    put(k, "s3:x-amz-content-sha256", request.header("x-amz-content-sha256"));
    put(k, "s3:prefix", request.query("prefix"));
    put(k, "s3:delimiter", request.query("delimiter"));
    put(k, "s3:max-keys", request.query("max-keys"));
    if (!caller.anonymous()) {
      k.put("s3:signatureversion", List.of("AWS4-HMAC-SHA256"));
      k.put("s3:authType", List.of(request.header("authorization") != null ? "REST-HEADER" : "REST-QUERY-STRING"));
    }
    return k;
  }

  private static void put(Map<String, List<String>> k, String name, String value) {
    if (value != null) {
      k.put(name, new ArrayList<>(List.of(value)));
    }
  }

  /** The owner name to write in listings: the caller, or "anonymous". */
  public String ownerName() {
    return caller.anonymous() ? "anonymous" : caller.userName();
  }

  public Future<Void> sendXml(int status, String xml) {
    return response().setStatusCode(status).putHeader("Content-Type", "application/xml").end(xml);
  }

  public Future<Void> sendEmpty(int status) {
    return response().setStatusCode(status).end();
  }
}
