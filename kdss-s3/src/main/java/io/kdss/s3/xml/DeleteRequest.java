package io.kdss.s3.xml;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.List;

/** The body of DeleteObjects: {@code <Delete><Quiet/><Object><Key/></Object>...</Delete>}, 1 to 1000 keys. */
public record DeleteRequest(boolean quiet, List<String> keys) {

  public static final int MAX_KEYS = 1000;
  /** 1000 keys of 1024 bytes, escaped, with their tags. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  public static DeleteRequest parse(byte[] xml) {
    XmlElement root = SafeXmlReader.parse(xml, MAX_BYTES, "Delete");
    List<String> keys = new ArrayList<>();
    for (XmlElement o : root.children("Object")) {
      String key = o.childText("Key");
      if (key == null || key.isEmpty()) {
        throw new S3Exception(S3ErrorCode.MalformedXML, "Each Object of a Delete request needs a Key.");
      }
      keys.add(key);
    }
    if (keys.isEmpty() || keys.size() > MAX_KEYS) {
      throw new S3Exception(S3ErrorCode.MalformedXML,
          "A Delete request names 1 to " + MAX_KEYS + " objects; this one names " + keys.size() + ".");
    }
    return new DeleteRequest("true".equalsIgnoreCase(strip(root.childText("Quiet"))), keys);
  }

  private static String strip(String s) {
    return s == null ? null : s.strip();
  }
}
