package io.kdss.meta.embedded;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * A document's position in its collection: the {@code _id} value as stored (or Missing, or a
 * UUID for collections without {@code _id}). Keys of data maps ({@code databases.<db>.<coll>})
 * and values of index maps. One tagged value ({@link BsonValues}), ordered by
 * {@link MongoValueOrder#comparePositions}.
 */
public final class PositionType extends BasicDataType<Object> {

  public static final PositionType INSTANCE = new PositionType();

  private PositionType() {
  }

  @Override
  public int compare(Object a, Object b) {
    return MongoValueOrder.comparePositions(a, b);
  }

  @Override
  public int getMemory(Object position) {
    return 16 + MemoryEstimate.of(position);
  }

  @Override
  public void write(WriteBuffer out, Object position) {
    ByteBuf buf = BsonValues.scratch();
    BsonValues.writeValue(buf, position);
    BsonValues.copyTo(buf, out);
  }

  @Override
  public Object read(ByteBuffer in) {
    ByteBuf view = BsonValues.view(in);
    Object position = BsonValues.readValue(view);
    BsonValues.consumed(in, view);
    return position;
  }

  @Override
  public Object[] createStorage(int size) {
    return new Object[size];
  }
}
