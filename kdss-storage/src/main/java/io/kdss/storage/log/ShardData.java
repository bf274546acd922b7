package io.kdss.storage.log;

import io.kdss.storage.index.ShardLocation;

/** A shard read back and verified: its payload and the location/CRC it was found with. */
public record ShardData(byte[] payload, ShardLocation location) {

  public int crc() {
    return location.payloadCrc();
  }
}
