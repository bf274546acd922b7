package io.kdss.storage.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Recognises what already lives on a device from the magic numbers of common filesystems,
 * volume managers and partition tables, so {@code kdss format} never silently destroys one.
 * Reads only the first 128 KiB.
 */
public final class DiskSignature {

  /** Bytes of the device start that {@link #detect} needs. */
  public static final int PROBE_BYTES = 128 * 1024;

  private DiskSignature() {
  }

  /** The name of the signature found, or null for none (blank or unknown content). */
  public static String detect(ByteBuffer head) {
    ByteBuffer b = head.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (ascii(b, 0, "XFSB")) {
      return "xfs filesystem";
    }
    if (b.limit() > 1082 && (b.getShort(1080) & 0xffff) == 0xEF53) {
      return "ext2/ext3/ext4 filesystem";
    }
    if (ascii(b, 65536 + 64, "_BHRfS_M")) {
      return "btrfs filesystem";
    }
    if (ascii(b, 4096 - 10, "SWAPSPACE2") || ascii(b, 4096 - 10, "SWAP-SPACE")) {
      return "Linux swap";
    }
    if (ascii(b, 0, "LUKS\u00ba\u00be")) {
      return "LUKS encrypted volume";
    }
    if (ascii(b, 512, "LABELONE") || ascii(b, 536, "LVM2 001")) {
      return "LVM2 physical volume";
    }
    if (ascii(b, 512, "EFI PART")) {
      return "GPT partition table";
    }
    if (ascii(b, 3, "NTFS    ")) {
      return "NTFS filesystem";
    }
    if (ascii(b, 82, "FAT32   ") || ascii(b, 54, "FAT16   ") || ascii(b, 54, "FAT12   ")) {
      return "FAT filesystem";
    }
    if (b.limit() > 1028 && b.getInt(1024) == 0xF2F52010) {
      return "f2fs filesystem";
    }
    if (ascii(b, 32769, "CD001")) {
      return "ISO 9660 image";
    }
    if (b.limit() > 511 && (b.get(510) & 0xff) == 0x55 && (b.get(511) & 0xff) == 0xAA) {
      return "DOS/MBR partition table or boot sector";
    }
    return null;
  }

  private static boolean ascii(ByteBuffer b, int offset, String magic) {
    byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
    if (b.limit() < offset + m.length) {
      return false;
    }
    for (int i = 0; i < m.length; i++) {
      if (b.get(offset + i) != m[i]) {
        return false;
      }
    }
    return true;
  }
}
