package io.kdss.s3.xml;

import io.kdss.s3.backend.ObjectInfo;
import io.kdss.s3.conditional.HttpDates;
import io.kdss.s3.error.S3Exception;
import java.util.List;

/** CopyObjectResult/CopyPartResult, DeleteResult, LocationConstraint, VersioningConfiguration, AccessControlPolicy. */
public final class ObjectResultsXml {

  /** One key's outcome in a DeleteObjects answer: deleted (error null) or failed. */
  public record DeleteOutcome(String key, S3Exception error) {
  }

  private ObjectResultsXml() {
  }

  /** {@code root} is CopyObjectResult or CopyPartResult. */
  public static String copied(String root, String etag, java.time.Instant lastModified) {
    return XmlWriter.document(root).element("LastModified", HttpDates.iso(lastModified))
        .element("ETag", "\"" + etag + "\"").finish();
  }

  public static String copied(ObjectInfo o) {
    return copied("CopyObjectResult", o.etag(), o.lastModified());
  }

  /** Quiet mode lists only the failures. */
  public static String deleted(List<DeleteOutcome> outcomes, boolean quiet) {
    XmlWriter w = XmlWriter.document("DeleteResult");
    for (DeleteOutcome o : outcomes) {
      if (o.error() == null) {
        if (!quiet) {
          w.start("Deleted").element("Key", o.key()).end();
        }
      } else {
        w.start("Error").element("Key", o.key()).element("Code", o.error().code().code())
            .element("Message", o.error().getMessage()).end();
      }
    }
    return w.finish();
  }

  /** us-east-1 is answered as an empty LocationConstraint, as S3 does. */
  public static String location(String region) {
    XmlWriter w = XmlWriter.document("LocationConstraint");
    return "us-east-1".equals(region) ? w.finish() : w.finishWithText(region);
  }

  /** Buckets are never versioned: an empty VersioningConfiguration, as S3 answers for those. */
  public static String versioning() {
    return XmlWriter.document("VersioningConfiguration").finish();
  }

  /** The namespace of {@code xsi:type}, which says what kind of grantee a Grantee is. */
  public static final String XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";

  /**
   * The owner has FULL_CONTROL: the only ACL KDSS has (access is granted by bucket policies).
   * The Grantee carries {@code xsi:type="CanonicalUser"} as S3's does: s3cmd and the Java SDK
   * read the grantee's kind from it.
   */
  public static String ownerOnlyAcl(String owner) {
    XmlWriter w = XmlWriter.document("AccessControlPolicy");
    ListResultsXml.owner(w, owner);
    w.start("AccessControlList").start("Grant");
    w.start("Grantee", "xmlns:xsi", XSI_NAMESPACE, "xsi:type", "CanonicalUser").element("ID", owner)
        .element("DisplayName", owner).end();
    return w.element("Permission", "FULL_CONTROL").end().end().finish();
  }
}
