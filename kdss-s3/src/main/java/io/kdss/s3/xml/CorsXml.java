package io.kdss.s3.xml;

import io.kdss.s3.cors.CorsConfiguration;
import io.kdss.s3.cors.CorsRule;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.List;

/** {@code <CORSConfiguration><CORSRule>...</CORSRule></CORSConfiguration>}, read and written. */
public final class CorsXml {

  public static final int MAX_BYTES = 64 * 1024;

  private CorsXml() {
  }

  /** Parses and validates a configuration. */
  public static CorsConfiguration parse(byte[] xml) {
    XmlElement root = SafeXmlReader.parse(xml, MAX_BYTES, "CORSConfiguration");
    List<CorsRule> rules = new ArrayList<>();
    for (XmlElement r : root.children("CORSRule")) {
      int maxAge = -1;
      String age = r.childText("MaxAgeSeconds");
      if (age != null) {
        try {
          maxAge = Integer.parseInt(age.strip());
        } catch (NumberFormatException e) {
          throw new S3Exception(S3ErrorCode.MalformedXML, "MaxAgeSeconds '" + age + "' is not a number.");
        }
      }
      rules.add(new CorsRule(r.childText("ID"), texts(r, "AllowedOrigin"), texts(r, "AllowedMethod"),
          texts(r, "AllowedHeader"), texts(r, "ExposeHeader"), maxAge));
    }
    CorsConfiguration c = new CorsConfiguration(rules);
    c.validate();
    return c;
  }

  public static String write(CorsConfiguration c) {
    XmlWriter w = XmlWriter.document("CORSConfiguration");
    for (CorsRule r : c.rules()) {
      w.start("CORSRule").element("ID", r.id());
      r.allowedHeaders().forEach(h -> w.element("AllowedHeader", h));
      r.allowedMethods().forEach(m -> w.element("AllowedMethod", m));
      r.allowedOrigins().forEach(o -> w.element("AllowedOrigin", o));
      r.exposeHeaders().forEach(h -> w.element("ExposeHeader", h));
      if (r.maxAgeSeconds() >= 0) {
        w.element("MaxAgeSeconds", r.maxAgeSeconds());
      }
      w.end();
    }
    return w.finish();
  }

  private static List<String> texts(XmlElement parent, String name) {
    List<String> out = new ArrayList<>();
    for (XmlElement e : parent.children(name)) {
      out.add(e.text().strip());
    }
    return out;
  }
}
