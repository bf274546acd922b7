package io.kdss.storage.log;

import io.kdss.storage.index.SegmentState;
import io.kdss.storage.index.SegmentStats;
import java.util.Arrays;

/**
 * The in-memory copy of every segment's stats, the source of space accounting. Written by
 * the disk's append thread (after each durable batch) and the compactor's cleanup; read by
 * anyone. The index holds the same values durably.
 */
public final class SegmentTable {

  private final SegmentStats[] stats;
  private final long segmentBytes;

  SegmentTable(int segmentCount, long segmentBytes) {
    this.stats = new SegmentStats[segmentCount];
    this.segmentBytes = segmentBytes;
    Arrays.fill(stats, SegmentStats.FREE);
  }

  int count() {
    return stats.length;
  }

  synchronized SegmentStats get(int segment) {
    return stats[segment];
  }

  synchronized void set(int segment, SegmentStats s) {
    stats[segment] = s;
  }

  /** The lowest FREE segment other than {@code exclude}, or -1 if no more than {@code reserve} are free. */
  synchronized int nextFree(int exclude, int reserve) {
    int free = 0;
    int first = -1;
    for (int i = 0; i < stats.length; i++) {
      if (i != exclude && stats[i].state() == SegmentState.FREE) {
        free++;
        if (first < 0) {
          first = i;
        }
      }
    }
    return free > reserve ? first : -1;
  }

  /** Space numbers for the master's placement: every byte of the data region is in exactly one. */
  synchronized Space space(long headOffset) {
    long live = 0;
    long garbage = 0;
    long free = 0;
    int freeSegments = 0;
    for (SegmentStats s : stats) {
      switch (s.state()) {
        case FREE -> {
          free += segmentBytes;
          freeSegments++;
        }
        case ACTIVE -> {
          // Everything before the head that no shard references is garbage, including the
          // zeros that end each group commit's last block (records are packed, see RecordHeader).
          live += s.liveBytes();
          garbage += headOffset - s.liveBytes();
          free += segmentBytes - headOffset;
        }
        case SEALED -> {
          live += s.liveBytes();
          garbage += segmentBytes - s.liveBytes();
        }
      }
    }
    return new Space(segmentBytes * stats.length, live, garbage, free, freeSegments);
  }

  /** Space of a disk in bytes: {@code capacity = used + garbage + free}. */
  public record Space(long capacityBytes, long usedBytes, long garbageBytes, long freeBytes, int freeSegments) {
  }
}
