package io.kdss.s3.error;

import io.kdss.s3.xml.XmlWriter;
import java.util.Map;

/**
 * Renders the S3 error document:
 * <pre>
 * &lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;[extra elements]&lt;Resource/&gt;&lt;RequestId/&gt;&lt;HostId/&gt;&lt;/Error&gt;
 * </pre>
 * The HTTP side (status, {@code x-amz-request-id}, {@code x-amz-id-2}, no body for HEAD and
 * 304) is applied by the gateway's response writer.
 */
public final class S3ErrorDocument {

  private S3ErrorDocument() {
  }

  public static String render(S3Exception e, String resource, String requestId, String hostId) {
    XmlWriter w = XmlWriter.plainDocument("Error").element("Code", e.code().code()).element("Message", e.getMessage());
    for (Map.Entry<String, String> d : e.details().entrySet()) {
      w.element(d.getKey(), d.getValue());
    }
    return w.element("Resource", resource).element("RequestId", requestId).element("HostId", hostId).finish();
  }
}
