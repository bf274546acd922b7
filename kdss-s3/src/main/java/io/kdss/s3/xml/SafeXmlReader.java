package io.kdss.s3.xml;

import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses a request document with the JDK's StAX parser, safely: no DTDs, no external or internal
 * entity expansion (no XXE, no billion laughs), a byte limit checked before parsing and a depth
 * limit while parsing. Any problem is {@code MalformedXML}.
 */
public final class SafeXmlReader {

  /** Deepest element nesting any S3 request document needs (CORSConfiguration is 3). */
  public static final int MAX_DEPTH = 16;

  private static final XMLInputFactory FACTORY = createFactory();

  private SafeXmlReader() {
  }

  private static XMLInputFactory createFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /** Parses {@code bytes} (at most {@code maxBytes}) and returns the root, checking its name. */
  public static XmlElement parse(byte[] bytes, int maxBytes, String expectedRoot) {
    if (bytes.length > maxBytes) {
      throw new S3Exception(S3ErrorCode.MaxMessageLengthExceeded,
          "The XML document is " + bytes.length + " bytes; at most " + maxBytes + " are accepted.");
    }
    if (bytes.length == 0) {
      throw new S3Exception(S3ErrorCode.MissingRequestBodyError);
    }
    XmlElement root;
    try {
      root = read(bytes);
    } catch (XMLStreamException | RuntimeException e) {
      if (e instanceof S3Exception s) {
        throw s;
      }
      throw new S3Exception(S3ErrorCode.MalformedXML,
          S3ErrorCode.MalformedXML.defaultMessage() + " (" + firstLine(e.getMessage()) + ")");
    }
    if (expectedRoot != null && !root.name().equals(expectedRoot)) {
      throw new S3Exception(S3ErrorCode.MalformedXML,
          "Expected the root element <" + expectedRoot + ">, found <" + root.name() + ">.");
    }
    return root;
  }

  private static XmlElement read(byte[] bytes) throws XMLStreamException {
    XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(bytes));
    try {
      Deque<XmlElement> stack = new ArrayDeque<>();
      XmlElement root = null;
      while (r.hasNext()) {
        int event = r.next();
        switch (event) {
          case XMLStreamConstants.START_ELEMENT -> {
            XmlElement e = new XmlElement(r.getLocalName());
            if (stack.isEmpty()) {
              if (root != null) {
                throw new XMLStreamException("more than one root element");
              }
              root = e;
            } else {
              stack.peek().children().add(e);
            }
            stack.push(e);
            if (stack.size() > MAX_DEPTH) {
              throw new XMLStreamException("elements nested deeper than " + MAX_DEPTH);
            }
          }
          case XMLStreamConstants.END_ELEMENT -> stack.pop();
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
            if (!stack.isEmpty()) {
              stack.peek().appendText(r.getText());
            }
          }
          case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
              throw new XMLStreamException("DTDs and entity references are not accepted");
          default -> {
          }
        }
      }
      if (root == null) {
        throw new XMLStreamException("no root element");
      }
      return root;
    } finally {
      r.close();
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable document";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(s.lastIndexOf('\n') + 1);
    return line.isBlank() ? s.strip() : line.strip();
  }
}
