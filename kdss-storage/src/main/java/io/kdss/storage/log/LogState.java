package io.kdss.storage.log;

import io.kdss.storage.disk.SegmentOffset;
import io.kdss.storage.disk.SuperBlock;

/** Where recovery left the log: the append head and what the next record must chain to. */
record LogState(SegmentOffset head, long nextSequence, int prevHeaderCrc, SuperBlock superBlock,
    boolean superBlockPrimary) {
}
