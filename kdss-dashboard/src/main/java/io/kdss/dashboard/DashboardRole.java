package io.kdss.dashboard;

import io.kdss.config.ConfigSection;
import io.kdss.config.NodeOptions;
import io.kdss.node.Role;
import io.kdss.node.RoleService;

/** The web dashboard role. */
public final class DashboardRole implements Role {

  @Override
  public String name() {
    return "dashboard";
  }

  @Override
  public int startOrder() {
    return 50;
  }

  @Override
  public RoleService configure(ConfigSection section, NodeOptions node) {
    return new DashboardService(new DashboardOptions(section));
  }
}
