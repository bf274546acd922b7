package io.kdss.s3.handler;

import io.kdss.s3.backend.ListPage;
import io.kdss.s3.backend.ListQuery;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.kdss.s3.request.S3Request;
import io.kdss.s3.xml.ListResultsXml;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * ListObjects (v1), ListObjectsV2 and ListObjectVersions. The v2 continuation token is the
 * last key returned, base64url-encoded (opaque to clients, stateless here).
 */
final class ListObjectsHandler implements S3Handler {

  @Override
  public Future<Void> handle(S3Exchange x) {
    S3Request r = x.request();
    boolean url = ListParameters.urlEncoding(r);
    int maxKeys = ListParameters.limit(r, "max-keys", ListQuery.MAX_KEYS);
    return x.authorize().compose(b -> switch (r.operation()) {
      case ListObjects -> {
        ListQuery q = new ListQuery(r.query("prefix"), r.query("delimiter"), r.query("marker"), maxKeys);
        yield list(x, q).compose(page -> x.sendXml(200, ListResultsXml.objectsV1(r.bucket(), q, r.query("marker"), url,
            page, page.truncated() && q.delimiter() != null ? page.lastReturned() : null, x.ownerName())));
      }
      case ListObjectsV2 -> {
        String token = r.query("continuation-token");
        String after = token != null ? decodeToken(token) : r.query("start-after");
        ListQuery q = new ListQuery(r.query("prefix"), r.query("delimiter"), after, maxKeys);
        boolean fetchOwner = "true".equals(r.query("fetch-owner"));
        yield list(x, q).compose(page -> x.sendXml(200, ListResultsXml.objectsV2(r.bucket(), q, url, page, token,
            page.truncated() ? encodeToken(page.lastReturned()) : null, r.query("start-after"),
            fetchOwner ? x.ownerName() : null)));
      }
      case ListObjectVersions -> {
        ListQuery q = new ListQuery(r.query("prefix"), r.query("delimiter"), r.query("key-marker"), maxKeys);
        yield list(x, q).compose(page -> x.sendXml(200, ListResultsXml.versions(r.bucket(), q, r.query("key-marker"),
            url, page, x.ownerName())));
      }
      default -> throw new IllegalArgumentException(r.operation() + " is not a listing");
    });
  }

  private static Future<ListPage> list(S3Exchange x, ListQuery q) {
    if (q.maxKeys() == 0) {
      return Future.succeededFuture(new ListPage(List.of(), List.of(), false, null));
    }
    return x.backend().listObjects(x.request().bucket(), q);
  }

  static String encodeToken(String lastKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
  }

  /** The key a token continues after; an empty, non-base64url or non-UTF-8 token is InvalidArgument. */
  static String decodeToken(String token) {
    try {
      if (token.isEmpty()) {
        throw new IllegalArgumentException("empty");
      }
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(token))).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new S3Exception(S3ErrorCode.InvalidArgument, "The continuation token provided is incorrect")
          .detail("ArgumentName", "continuation-token").detail("ArgumentValue", token);
    }
  }
}
