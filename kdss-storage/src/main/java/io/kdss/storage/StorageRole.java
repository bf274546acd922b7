package io.kdss.storage;

import io.kdss.config.ConfigSection;
import io.kdss.config.NodeOptions;
import io.kdss.node.Role;
import io.kdss.node.RoleService;

/** The storage role: owns raw disks and serves shards. */
public final class StorageRole implements Role {

  @Override
  public String name() {
    return "storage";
  }

  @Override
  public int startOrder() {
    return 20;
  }

  @Override
  public RoleService configure(ConfigSection section, NodeOptions node) {
    return new StorageService(new StorageOptions(section, node));
  }
}
