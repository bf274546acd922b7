package io.kdss.s3.xml;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds one S3 XML response document. Text is escaped as S3 escapes it: the five XML entities,
 * and characters XML 1.0 cannot carry (control characters in keys) as numeric references, so a
 * key with {@code \u0001} still produces a document clients can parse.
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
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
            out.append("&#x").append(Integer.toHexString(c)).append(';');
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
