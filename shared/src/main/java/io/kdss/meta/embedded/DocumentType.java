package io.kdss.meta.embedded;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Values of data maps: documents as BSON ({@link BsonValues#writeDocument}), about a third of
 * the bytes of their Java serialization and far cheaper to write and read.
 */
public final class DocumentType extends BasicDataType<Document> {

  public static final DocumentType INSTANCE = new DocumentType();

  private DocumentType() {
  }

  @Override
  public int getMemory(Document document) {
    return MemoryEstimate.of(document);
  }

  @Override
  public void write(WriteBuffer out, Document document) {
    ByteBuf buf = BsonValues.scratch();
    BsonValues.writeDocument(buf, document);
    BsonValues.copyTo(buf, out);
  }

  @Override
  public Document read(ByteBuffer in) {
    ByteBuf view = BsonValues.view(in);
    Document document = BsonValues.readDocument(view);
    BsonValues.consumed(in, view);
    return document;
  }

  @Override
  public Document[] createStorage(int size) {
    return new Document[size];
  }
}
