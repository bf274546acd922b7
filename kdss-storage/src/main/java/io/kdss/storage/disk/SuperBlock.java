package io.kdss.storage.disk;

import io.kdss.storage.StorageException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The identity and geometry of a KDSS disk, kept twice: the primary copy at byte 0 and the
 * backup at byte 2048, both in the first 4 KiB block. Updates go to the copy holding the
 * older generation, so a torn write leaves the other copy valid; open takes the valid copy
 * with the highest generation.
 *
 * <pre>
 * offset size field
 *      0    8 magic "KDSSSUPR"
 *      8    4 formatVersion (2: records packed at 64 bytes, see RecordHeader; 1: padded to
 *             4 KiB each. A format-1 disk is upgraded in place when opened; builds that read
 *             only format 1 refuse a format-2 disk instead of misreading packed records)
 *     12    4 mode (0 ACTIVE, 1 READONLY, 2 FAILED)
 *     16    8 generation (+1 on every update)
 *     24   16 diskId (UUID)
 *     40   16 clusterId (UUID)
 *     56   64 nodeId (UTF-8, zero padded)
 *    120    8 createdAtMs
 *    128    8 deviceBytes
 *    136    8 dataStart (4096)
 *    144    8 segmentBytes
 *    152    4 segmentCount
 *    156    4 checkpointSegment (append head when written)
 *    160    8 checkpointOffset (within the segment)
 *    168    8 checkpointSequence (next sequence to write)
 *    176 1868 zero
 *   2044    4 CRC32C of bytes [0, 2044)
 * </pre>
 */
public record SuperBlock(long generation, Mode mode, UUID diskId, UUID clusterId, String nodeId, long createdAtMs,
    long deviceBytes, long segmentBytes, int segmentCount, SegmentOffset checkpoint, long checkpointSequence) {

  public static final int BYTES = 2048;
  public static final long PRIMARY_OFFSET = 0;
  public static final long BACKUP_OFFSET = 2048;
  public static final long DATA_START = 4096;
  public static final long MAGIC = 0x525055535353444BL; // "KDSSSUPR" little-endian
  public static final int FORMAT_VERSION = 2;
  /** The oldest format this build reads (and upgrades). */
  public static final int OLDEST_FORMAT_VERSION = 1;
  private static final int NODE_ID_BYTES = 64;
  private static final int CRC_OFFSET = BYTES - 4;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** What the disk accepts; persisted so a failed disk stays failed across restarts. */
  public enum Mode {
    ACTIVE(0), READONLY(1), FAILED(2);

    public final int code;

    Mode(int code) {
      this.code = code;
    }

    static Mode of(int code) {
      for (Mode m : values()) {
        if (m.code == code) {
          return m;
        }
      }
      throw new StorageException.Corrupt("superblock mode " + code + " is unknown");
    }
  }

  public SuperBlock {
    if (nodeId.getBytes(StandardCharsets.UTF_8).length > NODE_ID_BYTES) {
      throw new IllegalArgumentException("node id longer than " + NODE_ID_BYTES + " bytes: " + nodeId);
    }
  }

  /** The geometry of a fresh disk of {@code deviceBytes}: as many whole segments as fit after 4 KiB. */
  public static SuperBlock format(UUID diskId, UUID clusterId, String nodeId, long deviceBytes, long segmentBytes) {
    long count = (deviceBytes - DATA_START) / segmentBytes;
    if (count < 2) {
      throw new StorageException.Refused("a disk of " + deviceBytes + " bytes holds fewer than 2 segments of " + segmentBytes);
    }
    return new SuperBlock(1, Mode.ACTIVE, diskId, clusterId, nodeId, System.currentTimeMillis(), deviceBytes,
        segmentBytes, (int) Math.min(count, Integer.MAX_VALUE), new SegmentOffset(0, 0), 1);
  }

  public DiskLayout layout() {
    return new DiskLayout(DATA_START, segmentBytes, segmentCount);
  }

  /** A copy with the next generation, a new checkpoint and mode. */
  public SuperBlock next(Mode newMode, SegmentOffset newCheckpoint, long newCheckpointSequence) {
    return new SuperBlock(generation + 1, newMode, diskId, clusterId, nodeId, createdAtMs, deviceBytes, segmentBytes,
        segmentCount, newCheckpoint, newCheckpointSequence);
  }

  /** The tag every record header of this disk carries, so records of an earlier format never match. */
  public long diskTag() {
    return diskId.getMostSignificantBits() ^ Long.rotateLeft(diskId.getLeastSignificantBits(), 17);
  }

  /** Writes this copy into the first {@link #BYTES} bytes of {@code out}. */
  public void write(MemorySegment out) {
    MemorySegment s = out.asSlice(0, BYTES);
    s.fill((byte) 0);
    s.set(LONG, 0, MAGIC);
    s.set(INT, 8, FORMAT_VERSION);
    s.set(INT, 12, mode.code);
    s.set(LONG, 16, generation);
    s.set(LONG, 24, diskId.getMostSignificantBits());
    s.set(LONG, 32, diskId.getLeastSignificantBits());
    s.set(LONG, 40, clusterId.getMostSignificantBits());
    s.set(LONG, 48, clusterId.getLeastSignificantBits());
    byte[] node = nodeId.getBytes(StandardCharsets.UTF_8);
    MemorySegment.copy(node, 0, s, ValueLayout.JAVA_BYTE, 56, node.length);
    s.set(LONG, 120, createdAtMs);
    s.set(LONG, 128, deviceBytes);
    s.set(LONG, 136, DATA_START);
    s.set(LONG, 144, segmentBytes);
    s.set(INT, 152, segmentCount);
    s.set(INT, 156, checkpoint.segment());
    s.set(LONG, 160, checkpoint.offset());
    s.set(LONG, 168, checkpointSequence);
    s.set(INT, CRC_OFFSET, crc(s));
  }

  /** Reads one copy; a wrong magic, version or CRC is {@link StorageException.Corrupt}. */
  public static SuperBlock read(MemorySegment in) {
    MemorySegment s = in.asSlice(0, BYTES);
    if (s.get(LONG, 0) != MAGIC) {
      throw new StorageException.Corrupt("no KDSS superblock (bad magic)");
    }
    if (s.get(INT, CRC_OFFSET) != crc(s)) {
      throw new StorageException.Corrupt("superblock CRC mismatch");
    }
    int version = storedVersion(s);
    if (version < OLDEST_FORMAT_VERSION || version > FORMAT_VERSION) {
      throw new StorageException.Corrupt("superblock format version " + version + " is not supported (this build reads "
          + OLDEST_FORMAT_VERSION + " to " + FORMAT_VERSION + ")");
    }
    byte[] node = s.asSlice(56, NODE_ID_BYTES).toArray(ValueLayout.JAVA_BYTE);
    int len = 0;
    while (len < node.length && node[len] != 0) {
      len++;
    }
    return new SuperBlock(s.get(LONG, 16), Mode.of(s.get(INT, 12)),
        new UUID(s.get(LONG, 24), s.get(LONG, 32)), new UUID(s.get(LONG, 40), s.get(LONG, 48)),
        new String(node, 0, len, StandardCharsets.UTF_8), s.get(LONG, 120), s.get(LONG, 128),
        s.get(LONG, 144), s.get(INT, 152), new SegmentOffset(s.get(INT, 156), s.get(LONG, 160)), s.get(LONG, 168));
  }

  /** The format version field of a copy (not validated). */
  public static int storedVersion(MemorySegment copy) {
    return copy.get(INT, 8);
  }

  /** True if the first 8 bytes are the KDSS magic, valid or not (for format refusals). */
  public static boolean hasMagic(MemorySegment block) {
    return block.get(LONG, 0) == MAGIC || block.get(LONG, BACKUP_OFFSET) == MAGIC;
  }

  private static int crc(MemorySegment s) {
    CRC32C c = new CRC32C();
    c.update(s.asSlice(0, CRC_OFFSET).asByteBuffer());
    return (int) c.getValue();
  }
}
