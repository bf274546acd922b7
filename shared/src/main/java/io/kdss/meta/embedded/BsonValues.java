package io.kdss.meta.embedded;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;

/**
 * Encodes the values mongo-java-server keeps in the embedded store with its own BSON codec (the
 * one that decoded them off the wire, so every value a client can send round-trips).
 *
 * <p>A single value (an index key element, a document position):
 * <pre>
 * +------+----------------------------+
 * | type | BSON value of that type    |   type = BSON element type (0x01 double ... 0x13 decimal128,
 * +------+----------------------------+          0xFF min key, 0x7F max key); self-delimiting
 * | 0x06 |                            |   Missing (mongo-java-server's "no value"; BSON undefined)
 * | 0x40 | varint n | n bytes         |   anything BSON cannot hold: Java serialization (fallback)
 * +------+----------------------------+
 * </pre>
 * A document: one format byte then the document, {@code 'B'} + BSON document (int32 length
 * first, self-delimiting) or {@code 'J'} + varint n + Java serialization (fallback for a
 * document BSON cannot hold, e.g. one carrying Missing; never expected, but a commit must not
 * fail on it: an exception while H2 writes a page would stop the store).
 */
public final class BsonValues {

  static final byte MISSING = BsonConstants.TYPE_UNDEFINED;
  static final byte JAVA = 0x40;
  static final byte DOC_BSON = 'B';
  static final byte DOC_JAVA = 'J';

  private static final int KEEP_BUFFER_BYTES = 1 << 20;
  private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(() -> Unpooled.buffer(1024));

  private BsonValues() {
  }

  /** Appends one tagged value to {@code out}. */
  public static void writeValue(ByteBuf out, Object value) {
    if (value instanceof Missing) {
      out.writeByte(MISSING);
      return;
    }
    int mark = out.writerIndex();
    try {
      byte type = BsonEncoder.determineType(value);
      out.writeByte(type);
      BsonEncoder.encodeValue(type, value, out);
    } catch (RuntimeException e) {
      out.writerIndex(mark);
      out.writeByte(JAVA);
      writeJava(out, value);
    }
  }

  /** Reads one tagged value written by {@link #writeValue}. */
  public static Object readValue(ByteBuf in) {
    byte type = in.readByte();
    if (type == MISSING) {
      return Missing.getInstance();
    }
    if (type == JAVA) {
      return readJava(in);
    }
    return BsonDecoder.decodeValue(type, in);
  }

  public static void writeDocument(ByteBuf out, Document document) {
    int mark = out.writerIndex();
    try {
      out.writeByte(DOC_BSON);
      BsonEncoder.encodeDocument(document, out);
    } catch (RuntimeException e) {
      out.writerIndex(mark);
      out.writeByte(DOC_JAVA);
      writeJava(out, document);
    }
  }

  public static Document readDocument(ByteBuf in) {
    byte format = in.readByte();
    return switch (format) {
      case DOC_BSON -> BsonDecoder.decodeBson(in);
      case DOC_JAVA -> (Document) readJava(in);
      default -> throw new IllegalStateException("metadata store: unknown document format byte " + format
          + " (file written by a newer KDSS, or damaged)");
    };
  }

  /** The thread's scratch buffer, emptied; callers copy out before the next call. */
  static ByteBuf scratch() {
    ByteBuf buf = SCRATCH.get();
    if (buf.capacity() > KEEP_BUFFER_BYTES) {
      buf = Unpooled.buffer(1024);
      SCRATCH.set(buf);
    }
    return buf.clear();
  }

  /** Copies the readable bytes of {@code buf} (a heap buffer) into H2's page buffer. */
  static void copyTo(ByteBuf buf, WriteBuffer out) {
    out.put(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
  }

  /** A Netty view of {@code in} from its position; advance with {@link #consumed}. */
  static ByteBuf view(ByteBuffer in) {
    return Unpooled.wrappedBuffer(in.slice());
  }

  static void consumed(ByteBuffer in, ByteBuf view) {
    in.position(in.position() + view.readerIndex());
  }

  /** Tagged encoding of a single value as bytes (for tie-breaks between exotic values). */
  static byte[] encoded(Object value) {
    ByteBuf buf = Unpooled.buffer(64);
    writeValue(buf, value);
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    return bytes;
  }

  private static void writeJava(ByteBuf out, Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
      oos.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException("metadata store: cannot serialize " + value.getClass().getName(), e);
    }
    writeVarInt(out, bytes.size());
    out.writeBytes(bytes.toByteArray());
  }

  private static Object readJava(ByteBuf in) {
    int length = readVarInt(in);
    byte[] bytes = new byte[length];
    in.readBytes(bytes);
    try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return ois.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("metadata store: cannot read a Java-serialized value", e);
    }
  }

  static void writeVarInt(ByteBuf out, int value) {
    while ((value & ~0x7F) != 0) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  static int readVarInt(ByteBuf in) {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalStateException("metadata store: malformed varint");
  }
}
