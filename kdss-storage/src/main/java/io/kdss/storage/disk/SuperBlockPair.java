package io.kdss.storage.disk;

import io.kdss.storage.StorageException;
import java.lang.foreign.MemorySegment;

/**
 * The two superblock copies of block 0 as found on disk: which one is current, and whether
 * the other is damaged (then the next update rewrites it first).
 *
 * <pre>
 * block 0 (4096 bytes) = [ primary SuperBlock 2048 ][ backup SuperBlock 2048 ]
 * </pre>
 */
public record SuperBlockPair(SuperBlock current, boolean currentIsPrimary, String otherProblem) {

  /** Chooses the valid copy with the highest generation; both bad is {@link StorageException.Corrupt}. */
  public static SuperBlockPair read(MemorySegment block) {
    SuperBlock primary = null;
    SuperBlock backup = null;
    String primaryError = null;
    String backupError = null;
    try {
      primary = SuperBlock.read(block.asSlice(SuperBlock.PRIMARY_OFFSET, SuperBlock.BYTES));
    } catch (StorageException.Corrupt e) {
      primaryError = e.getMessage();
    }
    try {
      backup = SuperBlock.read(block.asSlice(SuperBlock.BACKUP_OFFSET, SuperBlock.BYTES));
    } catch (StorageException.Corrupt e) {
      backupError = e.getMessage();
    }
    if (primary == null && backup == null) {
      throw new StorageException.Corrupt("both superblocks are unreadable: primary: " + primaryError
          + "; backup: " + backupError);
    }
    if (backup == null || (primary != null && primary.generation() >= backup.generation())) {
      return new SuperBlockPair(primary, true, backupError == null ? null : "backup: " + backupError);
    }
    return new SuperBlockPair(backup, false, primaryError == null ? null : "primary: " + primaryError);
  }

  /**
   * Block 0 after an update to {@code next}: the new copy replaces the older (or damaged) one,
   * the current copy's bytes stay as they are, so a torn write of this block keeps one valid.
   */
  public static void writeUpdate(MemorySegment block, SuperBlock current, boolean currentIsPrimary, SuperBlock next) {
    long keep = currentIsPrimary ? SuperBlock.PRIMARY_OFFSET : SuperBlock.BACKUP_OFFSET;
    long replace = currentIsPrimary ? SuperBlock.BACKUP_OFFSET : SuperBlock.PRIMARY_OFFSET;
    current.write(block.asSlice(keep, SuperBlock.BYTES));
    next.write(block.asSlice(replace, SuperBlock.BYTES));
  }

  /**
   * Block 0 as read, with only the copy that is not current replaced by {@code next}: the
   * current copy keeps its bytes exactly as found (a copy of an older format would not
   * serialize back to the same bytes), so a torn write still leaves it valid.
   */
  public static void writeReplacing(MemorySegment blockAsRead, boolean currentIsPrimary, SuperBlock next) {
    long replace = currentIsPrimary ? SuperBlock.BACKUP_OFFSET : SuperBlock.PRIMARY_OFFSET;
    next.write(blockAsRead.asSlice(replace, SuperBlock.BYTES));
  }
}
