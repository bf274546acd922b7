package io.kdss.s3.xml;

import io.kdss.s3.backend.CompletedPart;
import io.kdss.s3.backend.MultipartRules;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.List;

/** The body of CompleteMultipartUpload: {@code <Part><PartNumber/><ETag/></Part>} for up to 10000 parts. */
public final class CompleteMultipartRequest {

  public static final int MAX_BYTES = 2 * 1024 * 1024;

  private CompleteMultipartRequest() {
  }

  public static List<CompletedPart> parse(byte[] xml) {
    XmlElement root = SafeXmlReader.parse(xml, MAX_BYTES, "CompleteMultipartUpload");
    List<CompletedPart> parts = new ArrayList<>();
    for (XmlElement p : root.children("Part")) {
      String number = p.childText("PartNumber");
      String etag = p.childText("ETag");
      if (number == null || etag == null) {
        throw new S3Exception(S3ErrorCode.MalformedXML, "Each Part needs a PartNumber and an ETag.");
      }
      int n;
      try {
        n = Integer.parseInt(number.strip());
      } catch (NumberFormatException e) {
        throw new S3Exception(S3ErrorCode.MalformedXML, "PartNumber '" + number + "' is not a number.");
      }
      parts.add(new CompletedPart(n, MultipartRules.stripQuotes(etag)));
    }
    MultipartRules.checkOrder(parts);
    return parts;
  }
}
