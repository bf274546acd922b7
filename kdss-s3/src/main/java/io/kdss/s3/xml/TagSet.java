package io.kdss.s3.xml;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code <Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>} with S3's tag limits. */
public final class TagSet {

  public static final int MAX_OBJECT_TAGS = 10;
  public static final int MAX_BUCKET_TAGS = 50;
  public static final int MAX_KEY_CHARS = 128;
  public static final int MAX_VALUE_CHARS = 256;
  public static final int MAX_BYTES = 64 * 1024;

  private TagSet() {
  }

  public static Map<String, String> parse(byte[] xml, int maxTags) {
    XmlElement root = SafeXmlReader.parse(xml, MAX_BYTES, "Tagging");
    XmlElement set = root.child("TagSet");
    if (set == null) {
      throw new S3Exception(S3ErrorCode.MalformedXML, "Tagging needs a TagSet.");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (XmlElement t : set.children("Tag")) {
      String key = t.childText("Key");
      String value = t.childText("Value");
      if (key == null || value == null) {
        throw new S3Exception(S3ErrorCode.MalformedXML, "Each Tag needs a Key and a Value.");
      }
      if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
        throw new S3Exception(S3ErrorCode.InvalidTag, "The TagKey you have provided is invalid: 1 to "
            + MAX_KEY_CHARS + " characters.");
      }
      if (value.length() > MAX_VALUE_CHARS) {
        throw new S3Exception(S3ErrorCode.InvalidTag, "The TagValue you have provided is invalid: at most "
            + MAX_VALUE_CHARS + " characters.");
      }
      if (tags.put(key, value) != null) {
        throw new S3Exception(S3ErrorCode.InvalidTag, "Cannot provide multiple Tags with the same key: " + key);
      }
    }
    if (tags.size() > maxTags) {
      throw new S3Exception(S3ErrorCode.InvalidTag, "Object tags cannot be greater than " + maxTags);
    }
    return tags;
  }

  public static String write(Map<String, String> tags) {
    XmlWriter w = XmlWriter.document("Tagging").start("TagSet");
    tags.forEach((k, v) -> w.start("Tag").element("Key", k).element("Value", v).end());
    return w.finish();
  }
}
