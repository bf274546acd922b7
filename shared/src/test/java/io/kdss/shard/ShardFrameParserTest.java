package io.kdss.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Frames come out whole and unchanged however the byte stream is cut; a broken header stops the parser. */
class ShardFrameParserTest {

  @Test
  void framesSurviveEveryWayOfCuttingTheStream() {
    Random random = new Random(5);
    List<ShardFrame> sent = new ArrayList<>();
    Buffer stream = Buffer.buffer();
    for (int i = 0; i < 40; i++) {
      byte[] body = new byte[i % 5 == 0 ? 0 : random.nextInt(300_000)];
      random.nextBytes(body);
      ShardFrame f = ShardFrame.request(ShardOp.PUT, i, UUID.randomUUID(), 1000 + i, i % 6, i, Buffer.buffer(body));
      sent.add(f);
      stream.appendBuffer(f.encode());
    }
    for (int maxPiece : new int[] {1, 7, 56, 57, 4096, 65536, 1 << 20, stream.length()}) {
      List<ShardFrame> got = new ArrayList<>();
      List<Throwable> errors = new ArrayList<>();
      ShardFrameParser parser = new ShardFrameParser(got::add, errors::add);
      for (int at = 0; at < stream.length(); ) {
        int n = Math.min(stream.length() - at, maxPiece == 1 ? 1 : 1 + random.nextInt(maxPiece));
        parser.handle(stream.slice(at, at + n).copy());
        at += n;
      }
      assertThat(errors).isEmpty();
      assertThat(got).hasSize(sent.size());
      for (int i = 0; i < sent.size(); i++) {
        assertThat(got.get(i).encode()).as("frame %d, pieces up to %d bytes", i, maxPiece).isEqualTo(sent.get(i).encode());
      }
    }
  }

  @Test
  void pooledBodiesAreHandedToTheirOwnerAndNothingFollowsAClose() {
    Random random = new Random(9);
    byte[] body = new byte[200_000];
    random.nextBytes(body);
    Buffer frame = ShardFrame.request(ShardOp.PUT, 7, UUID.randomUUID(), 3, 1, 0, Buffer.buffer(body)).encode();
    Buffer empty = ShardFrame.request(ShardOp.GET, 8, UUID.randomUUID(), 3, 1, 0, null).encode();
    List<ShardFrame> got = new ArrayList<>();
    List<ByteBuf> owned = new ArrayList<>();
    ShardFrameParser parser = ShardFrameParser.pooled((f, b) -> {
      got.add(f);
      owned.add(b);
    }, e -> { });
    Buffer stream = frame.copy().appendBuffer(empty).appendBuffer(frame);
    int cut = frame.length() + empty.length() + 1000;
    for (int at = 0; at < cut; at += 4096) {
      parser.handle(stream.slice(at, Math.min(cut, at + 4096)).copy());
    }
    parser.close();
    parser.handle(stream.slice(cut, stream.length()).copy());
    assertThat(got).hasSize(2);
    assertThat(got.get(0).body().getBytes()).isEqualTo(body);
    assertThat(owned.get(0).isDirect()).isTrue();
    assertThat(owned.get(0).refCnt()).isEqualTo(1);
    assertThat(got.get(1).body().length()).isZero();
    assertThat(owned.get(1)).isNull();
    owned.get(0).release();
  }

  @Test
  void aBrokenHeaderIsReportedOnceAndTheRestIgnored() {
    Buffer good = ShardFrame.request(ShardOp.GET, 1, UUID.randomUUID(), 5, 0, 0, null).encode();
    Buffer bad = good.copy();
    bad.setInt(8, 99);
    List<ShardFrame> got = new ArrayList<>();
    List<Throwable> errors = new ArrayList<>();
    ShardFrameParser parser = new ShardFrameParser(got::add, errors::add);
    parser.handle(good.copy().appendBuffer(bad).appendBuffer(good));
    assertThat(got).hasSize(1);
    assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("CRC"));
  }
}
