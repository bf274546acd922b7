package io.kdss.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Callers share touches, yet each one's touch starts after it asked. */
class DirTouchesTest {

  private record Call(long dir, Promise<JsonObject> done) {
  }

  private final List<Call> calls = new ArrayList<>();
  private final DirTouches touches = new DirTouches(dir -> {
    Promise<JsonObject> p = Promise.promise();
    calls.add(new Call(dir, p));
    return p.future();
  });

  @Test
  void callersArrivingDuringATouchShareTheNextOneNotTheRunningOne() {
    Future<JsonObject> first = touches.touch(7);
    assertThat(calls).hasSize(1);
    List<Future<JsonObject>> joined = List.of(touches.touch(7), touches.touch(7), touches.touch(7));
    Future<JsonObject> other = touches.touch(8);
    assertThat(calls).as("one running touch per directory; another directory is not held up").hasSize(2);

    calls.get(0).done().complete(new JsonObject().put("v", 1));
    assertThat(first.result().getInteger("v")).isEqualTo(1);
    assertThat(joined).as("they asked after the first touch began: it does not count for them")
        .allMatch(f -> !f.isComplete());
    assertThat(calls).hasSize(3);
    assertThat(calls.get(2).dir()).isEqualTo(7);

    calls.get(2).done().complete(new JsonObject().put("v", 2));
    assertThat(joined).allMatch(f -> f.succeeded() && f.result().getInteger("v") == 2);
    assertThat(other.isComplete()).isFalse();
    calls.get(1).done().complete(null);
    assertThat(other.succeeded()).isTrue();
    assertThat(other.result()).as("a removed directory is null for every caller").isNull();

    Future<JsonObject> again = touches.touch(7);
    assertThat(calls).as("nothing running: a new touch starts at once").hasSize(4);
    calls.get(3).done().fail("store down");
    assertThat(again.failed()).isTrue();
    touches.touch(7);
    assertThat(calls).as("a failed touch does not wedge the directory").hasSize(5);
  }
}
