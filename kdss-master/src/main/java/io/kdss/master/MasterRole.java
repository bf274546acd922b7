package io.kdss.master;

import io.kdss.config.ConfigSection;
import io.kdss.config.NodeOptions;
import io.kdss.node.Role;
import io.kdss.node.RoleService;

/** The master role: metadata, placement, heartbeats, leader singletons. */
public final class MasterRole implements Role {

  @Override
  public String name() {
    return "master";
  }

  @Override
  public int startOrder() {
    return 10;
  }

  @Override
  public RoleService configure(ConfigSection section, NodeOptions node) {
    return new MasterService(new MasterOptions(section), node);
  }
}
