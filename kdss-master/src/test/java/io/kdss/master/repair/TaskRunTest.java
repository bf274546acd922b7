package io.kdss.master.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-memory side of a task: answers arriving out of order move the cursor over the done
 * prefix only; a restart from the saved cursor redoes nothing below it and everything above;
 * failing stripes are retried, then recorded as unrepairable.
 */
class TaskRunTest {

  static List<GroupStripes.StripeInfo> stripes(long... ids) {
    List<GroupStripes.StripeInfo> out = new ArrayList<>();
    for (long id : ids) {
      out.add(new GroupStripes.StripeInfo(id, 7, 4096, 4, 2, List.of(1L, 2L, 3L, 4L, 5L, 6L)));
    }
    return out;
  }

  static RepairTask task() {
    return new RepairTask(7, RepairTask.Kind.REPAIR, RepairTask.State.COPY, 2, "a", "b", "n", 0, 0, -1, List.of(),
        0, 0, 1);
  }

  @Test
  void theCursorCoversTheFinishedPrefixAndARestartResumesAfterIt() {
    TaskRun run = new TaskRun(task());
    run.load(stripes(10, 11, 12, 13, 14));
    assertThat(run.queue).hasSize(5);
    run.queue.clear();
    run.finished(12);
    run.finished(10);
    assertThat(run.cursor()).isEqualTo(10);
    run.finished(11);
    assertThat(run.cursor()).isEqualTo(12);
    RepairTask saved = run.snapshot();
    assertThat(saved.done()).isEqualTo(3);
    assertThat(saved.total()).isEqualTo(5);

    TaskRun resumed = new TaskRun(saved);
    resumed.load(stripes(10, 11, 12, 13, 14, 15));
    assertThat(resumed.queue).extracting(GroupStripes.StripeInfo::stripeId).containsExactly(13L, 14L, 15L);
    assertThat(resumed.done).isEqualTo(3);
    resumed.queue.clear();
    resumed.finished(13);
    resumed.finished(14);
    resumed.finished(15);
    assertThat(resumed.drained()).isTrue();
    assertThat(resumed.cursor()).isEqualTo(15);
    assertThat(resumed.snapshot().done()).isEqualTo(6);
  }

  @Test
  void aStripeThatKeepsFailingIsRecordedAsUnrepairableAndSkippedAfterARestart() {
    TaskRun run = new TaskRun(task());
    run.load(stripes(1, 2));
    GroupStripes.StripeInfo s = run.queue.poll();
    for (int i = 1; i < TaskRun.MAX_TRIES; i++) {
      assertThat(run.failed(s)).isFalse();
      assertThat(run.queue).contains(s);
      run.queue.remove(s);
    }
    assertThat(run.failed(s)).isTrue();
    assertThat(run.unrepairable).containsExactly(1L);
    RepairTask saved = run.snapshot();
    assertThat(saved.unrepairable()).containsExactly(1L);
    TaskRun resumed = new TaskRun(saved);
    resumed.load(stripes(1, 2));
    assertThat(resumed.queue).extracting(GroupStripes.StripeInfo::stripeId).containsExactly(2L);
  }

  @Test
  void verifyPutsMissingStripesBackEvenBelowTheCursor() {
    TaskRun run = new TaskRun(task());
    run.load(stripes(1, 2, 3));
    run.queue.clear();
    run.finished(1);
    run.finished(2);
    run.finished(3);
    assertThat(run.cursor()).isEqualTo(3);
    run.redo(stripes(2), 3);
    assertThat(run.queue).extracting(GroupStripes.StripeInfo::stripeId).containsExactly(2L);
    assertThat(run.cursor()).isEqualTo(1);
    assertThat(run.done).isEqualTo(2);
  }

  @Test
  void aTaskDocumentRoundTrips() {
    RepairTask t = new RepairTask(9, RepairTask.Kind.DRAIN, RepairTask.State.CLEANUP, 3, "from", "to", "node", 10, 7, 42,
        List.of(5L, 6L), 1000, 2000, 3);
    assertThat(RepairTask.fromJson(t.toJson())).isEqualTo(t);
  }
}
