package io.kdss.meta.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Keys of unique-index maps ({@code <db>.<collection>._index_<name>}): a {@link KeyValue} (one
 * element per indexed field, normalized by the index) ordered by {@link MongoValueOrder}, so a
 * lookup compares objects instead of Java-serializing both keys on every B-tree probe.
 * <pre>
 * +------------+----------------+-----+----------------+
 * | varint n   | tagged value 1 | ... | tagged value n |   tagged value: see {@link BsonValues}
 * +------------+----------------+-----+----------------+
 * </pre>
 */
public final class IndexKeyType extends BasicDataType<KeyValue> {

  public static final IndexKeyType INSTANCE = new IndexKeyType();

  private IndexKeyType() {
  }

  @Override
  public int compare(KeyValue a, KeyValue b) {
    return MongoValueOrder.compareKeys(a, b);
  }

  @Override
  public int getMemory(KeyValue key) {
    int bytes = 48;
    for (Object value : key) {
      bytes += MemoryEstimate.of(value);
    }
    return bytes;
  }

  @Override
  public void write(WriteBuffer out, KeyValue key) {
    ByteBuf buf = BsonValues.scratch();
    out.putVarInt(key.size());
    for (Object value : key) {
      BsonValues.writeValue(buf, value);
    }
    BsonValues.copyTo(buf, out);
  }

  @Override
  public KeyValue read(ByteBuffer in) {
    int n = DataUtils.readVarInt(in);
    ByteBuf view = BsonValues.view(in);
    List<Object> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(BsonValues.readValue(view));
    }
    BsonValues.consumed(in, view);
    return new KeyValue(values);
  }

  @Override
  public KeyValue[] createStorage(int size) {
    return new KeyValue[size];
  }
}
