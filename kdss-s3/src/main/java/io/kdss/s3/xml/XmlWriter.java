package io.kdss.s3.xml;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds one S3 XML response document. Text is escaped as S3 escapes it: the five XML entities,
 * and characters XML 1.0 cannot carry (control characters in keys) or that a parser would change
 * (a carriage return) as numeric references, so a key with {@code \u0001} or {@code \r} still
 * produces a document clients can parse back to the same key.
 */
public final class XmlWriter {

  /** The namespace of every S3 response document except Error. */
  public static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  private final StringBuilder out = new StringBuilder(256);
  private final Deque<String> open = new ArrayDeque<>();

  private XmlWriter() {
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  }

  /** A document whose root element is in the S3 namespace. */
  public static XmlWriter document(String root) {
    XmlWriter w = new XmlWriter();
    w.out.append('<').append(root).append(" xmlns=\"").append(S3_NAMESPACE).append("\">");
    w.open.push(root);
    return w;
  }

  /** A document whose root element has no namespace (Error does not). */
  public static XmlWriter plainDocument(String root) {
    XmlWriter w = new XmlWriter();
    w.out.append('<').append(root).append('>');
    w.open.push(root);
    return w;
  }

  public XmlWriter start(String name) {
    out.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  /** {@code <name a1="v1" a2="v2">}: {@code attributes} are name, value pairs. */
  public XmlWriter start(String name, String... attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come as name, value pairs");
    }
    out.append('<').append(name);
    for (int i = 0; i < attributes.length; i += 2) {
      out.append(' ').append(attributes[i]).append("=\"");
      escape(attributes[i + 1], true, out);
      out.append('"');
    }
    out.append('>');
    open.push(name);
    return this;
  }

  public XmlWriter end() {
    out.append("</").append(open.pop()).append('>');
    return this;
  }

  /** {@code <name>text</name>}; nothing when {@code text} is null. */
  public XmlWriter element(String name, String text) {
    if (text != null) {
      out.append('<').append(name).append('>');
      escape(text, out);
      out.append("</").append(name).append('>');
    }
    return this;
  }

  public XmlWriter element(String name, long value) {
    return element(name, Long.toString(value));
  }

  public XmlWriter element(String name, boolean value) {
    return element(name, Boolean.toString(value));
  }

  /** Writes text into the root element (a document that is one text element) and finishes. */
  public String finishWithText(String text) {
    escape(text, out);
    return finish();
  }

  /** Closes every open element and returns the document. */
  public String finish() {
    while (!open.isEmpty()) {
      end();
    }
    return out.toString();
  }

  static void escape(String s, StringBuilder out) {
    escape(s, false, out);
  }

  /**
   * A carriage return is always written as a reference: an XML parser turns a literal CR (or
   * CRLF) into LF, so a key holding one would come back changed. In attribute values, tab and
   * line feed are too (attribute normalisation turns them into spaces).
   */
  static void escape(String s, boolean attribute, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          boolean literal = c >= 0x20 && c != 0xFFFE && c != 0xFFFF || !attribute && (c == '\t' || c == '\n');
          if (literal) {
            out.append(c);
          } else {
            out.append("&#x").append(Integer.toHexString(c)).append(';');
          }
        }
      }
    }
  }
}
