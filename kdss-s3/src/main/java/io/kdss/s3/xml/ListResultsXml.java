package io.kdss.s3.xml;

import io.kdss.s3.backend.BucketInfo;
import io.kdss.s3.backend.ListPage;
import io.kdss.s3.backend.ListQuery;
import io.kdss.s3.backend.ObjectInfo;
import io.kdss.s3.conditional.HttpDates;
import io.kdss.s3.sigv4.UriEncoding;
import java.util.List;

/**
 * ListAllMyBucketsResult, ListBucketResult (v1 and v2) and ListVersionsResult. With
 * {@code encoding-type=url} every key-like element (Key, Prefix, Delimiter, Marker, NextMarker,
 * StartAfter, KeyMarker, NextKeyMarker) is percent-encoded, slashes kept.
 */
public final class ListResultsXml {

  private ListResultsXml() {
  }

  public static String buckets(String owner, List<BucketInfo> buckets) {
    XmlWriter w = XmlWriter.document("ListAllMyBucketsResult");
    owner(w, owner);
    w.start("Buckets");
    for (BucketInfo b : buckets) {
      w.start("Bucket").element("Name", b.name()).element("CreationDate", HttpDates.iso(b.created()))
          .element("BucketRegion", b.region()).end();
    }
    return w.end().finish();
  }

  /** ListObjects (v1); {@code nextMarker} is null unless the page is truncated. */
  public static String objectsV1(String bucket, ListQuery q, String marker, boolean url, ListPage page,
      String nextMarker, String owner) {
    XmlWriter w = XmlWriter.document("ListBucketResult");
    w.element("Name", bucket).element("Prefix", enc(q.prefix(), url)).element("Marker", enc(marker == null ? "" : marker, url))
        .element("MaxKeys", q.maxKeys()).element("Delimiter", enc(q.delimiter(), url))
        .element("IsTruncated", page.truncated()).element("NextMarker", enc(nextMarker, url));
    if (url) {
      w.element("EncodingType", "url");
    }
    contents(w, page, url, owner);
    return w.finish();
  }

  /** ListObjectsV2. */
  public static String objectsV2(String bucket, ListQuery q, boolean url, ListPage page, String continuationToken,
      String nextToken, String startAfter, String ownerOrNull) {
    XmlWriter w = XmlWriter.document("ListBucketResult");
    w.element("Name", bucket).element("Prefix", enc(q.prefix(), url)).element("MaxKeys", q.maxKeys())
        .element("KeyCount", page.objects().size() + page.commonPrefixes().size())
        .element("Delimiter", enc(q.delimiter(), url)).element("IsTruncated", page.truncated())
        .element("ContinuationToken", continuationToken).element("NextContinuationToken", nextToken)
        .element("StartAfter", enc(startAfter, url));
    if (url) {
      w.element("EncodingType", "url");
    }
    contents(w, page, url, ownerOrNull);
    return w.finish();
  }

  /** ListObjectVersions of an unversioned bucket: every object is its own only version, id "null". */
  public static String versions(String bucket, ListQuery q, String keyMarker, boolean url, ListPage page, String owner) {
    XmlWriter w = XmlWriter.document("ListVersionsResult");
    w.element("Name", bucket).element("Prefix", enc(q.prefix(), url)).element("KeyMarker", enc(keyMarker, url))
        .element("VersionIdMarker", "").element("MaxKeys", q.maxKeys()).element("Delimiter", enc(q.delimiter(), url))
        .element("IsTruncated", page.truncated());
    if (page.truncated()) {
      w.element("NextKeyMarker", enc(page.lastReturned(), url)).element("NextVersionIdMarker", "null");
    }
    if (url) {
      w.element("EncodingType", "url");
    }
    for (ObjectInfo o : page.objects()) {
      w.start("Version").element("Key", enc(o.key(), url)).element("VersionId", "null").element("IsLatest", true)
          .element("LastModified", HttpDates.iso(o.lastModified())).element("ETag", o.quotedEtag())
          .element("Size", o.size());
      owner(w, owner);
      w.element("StorageClass", ObjectInfo.STORAGE_CLASS).end();
    }
    prefixes(w, page, url);
    return w.finish();
  }

  private static void contents(XmlWriter w, ListPage page, boolean url, String owner) {
    for (ObjectInfo o : page.objects()) {
      w.start("Contents").element("Key", enc(o.key(), url))
          .element("LastModified", HttpDates.iso(o.lastModified())).element("ETag", o.quotedEtag())
          .element("Size", o.size());
      if (owner != null) {
        owner(w, owner);
      }
      w.element("StorageClass", ObjectInfo.STORAGE_CLASS).end();
    }
    prefixes(w, page, url);
  }

  private static void prefixes(XmlWriter w, ListPage page, boolean url) {
    for (String p : page.commonPrefixes()) {
      w.start("CommonPrefixes").element("Prefix", enc(p, url)).end();
    }
  }

  static void owner(XmlWriter w, String owner) {
    w.start("Owner").element("ID", owner).element("DisplayName", owner).end();
  }

  static String enc(String s, boolean url) {
    return s == null || !url ? s : UriEncoding.encode(s, true);
  }
}
