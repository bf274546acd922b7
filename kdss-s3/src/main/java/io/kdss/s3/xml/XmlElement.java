package io.kdss.s3.xml;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of a parsed request document: local name, text and children. Request documents
 * are small and size-limited, so a tree is simpler to validate than a stream of events.
 */
public final class XmlElement {

  private final String name;
  private final List<XmlElement> children = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  XmlElement(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** The element's own text, untrimmed (keys may end in spaces). */
  public String text() {
    return text.toString();
  }

  public List<XmlElement> children() {
    return children;
  }

  public List<XmlElement> children(String childName) {
    List<XmlElement> out = new ArrayList<>();
    for (XmlElement c : children) {
      if (c.name.equals(childName)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The first child with this name, or null. */
  public XmlElement child(String childName) {
    for (XmlElement c : children) {
      if (c.name.equals(childName)) {
        return c;
      }
    }
    return null;
  }

  /** The text of the first child with this name, or null when there is none. */
  public String childText(String childName) {
    XmlElement c = child(childName);
    return c == null ? null : c.text();
  }

  void appendText(String s) {
    text.append(s);
  }
}
