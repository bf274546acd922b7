package io.kdss.s3.xml;

import io.kdss.s3.backend.MultipartUpload;
import io.kdss.s3.backend.ObjectInfo;
import io.kdss.s3.backend.PartInfo;
import io.kdss.s3.backend.PartsPage;
import io.kdss.s3.backend.UploadsPage;
import io.kdss.s3.backend.UploadsQuery;
import io.kdss.s3.conditional.HttpDates;

/** InitiateMultipartUploadResult, ListPartsResult, ListMultipartUploadsResult, CompleteMultipartUploadResult. */
public final class MultipartResultsXml {

  private MultipartResultsXml() {
  }

  public static String initiated(MultipartUpload u) {
    return XmlWriter.document("InitiateMultipartUploadResult").element("Bucket", u.bucket()).element("Key", u.key())
        .element("UploadId", u.uploadId()).finish();
  }

  public static String parts(PartsPage page, int partNumberMarker, int maxParts) {
    MultipartUpload u = page.upload();
    XmlWriter w = XmlWriter.document("ListPartsResult").element("Bucket", u.bucket()).element("Key", u.key())
        .element("UploadId", u.uploadId());
    w.start("Initiator").element("ID", u.owner()).element("DisplayName", u.owner()).end();
    ListResultsXml.owner(w, u.owner());
    w.element("StorageClass", ObjectInfo.STORAGE_CLASS).element("PartNumberMarker", partNumberMarker);
    if (!page.parts().isEmpty()) {
      w.element("NextPartNumberMarker", page.parts().getLast().partNumber());
    }
    w.element("MaxParts", maxParts).element("IsTruncated", page.truncated());
    for (PartInfo p : page.parts()) {
      w.start("Part").element("PartNumber", p.partNumber()).element("LastModified", HttpDates.iso(p.lastModified()))
          .element("ETag", "\"" + p.etag() + "\"").element("Size", p.size()).end();
    }
    return w.finish();
  }

  public static String uploads(String bucket, UploadsQuery q, boolean url, UploadsPage page) {
    XmlWriter w = XmlWriter.document("ListMultipartUploadsResult").element("Bucket", bucket)
        .element("KeyMarker", ListResultsXml.enc(q.keyMarker(), url)).element("UploadIdMarker", q.uploadIdMarker());
    if (page.truncated() && page.nextKeyMarker() != null) {
      // The last key or common prefix of the page: a page ending with a prefix has no upload id.
      w.element("NextKeyMarker", ListResultsXml.enc(page.nextKeyMarker(), url));
      if (page.nextUploadIdMarker() != null) {
        w.element("NextUploadIdMarker", page.nextUploadIdMarker());
      }
    }
    w.element("Prefix", ListResultsXml.enc(q.prefix(), url)).element("Delimiter", ListResultsXml.enc(q.delimiter(), url))
        .element("MaxUploads", q.maxUploads()).element("IsTruncated", page.truncated());
    if (url) {
      w.element("EncodingType", "url");
    }
    for (MultipartUpload u : page.uploads()) {
      w.start("Upload").element("Key", ListResultsXml.enc(u.key(), url)).element("UploadId", u.uploadId());
      w.start("Initiator").element("ID", u.owner()).element("DisplayName", u.owner()).end();
      ListResultsXml.owner(w, u.owner());
      w.element("StorageClass", ObjectInfo.STORAGE_CLASS).element("Initiated", HttpDates.iso(u.initiated())).end();
    }
    for (String p : page.commonPrefixes()) {
      w.start("CommonPrefixes").element("Prefix", ListResultsXml.enc(p, url)).end();
    }
    return w.finish();
  }

  public static String completed(String location, ObjectInfo o) {
    return XmlWriter.document("CompleteMultipartUploadResult").element("Location", location)
        .element("Bucket", o.bucket()).element("Key", o.key()).element("ETag", o.quotedEtag()).finish();
  }
}
