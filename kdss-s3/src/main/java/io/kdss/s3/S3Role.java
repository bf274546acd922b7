package io.kdss.s3;

import io.kdss.config.ConfigSection;
import io.kdss.config.NodeOptions;
import io.kdss.node.Role;
import io.kdss.node.RoleService;

/** The S3 gateway role. */
public final class S3Role implements Role {

  @Override
  public String name() {
    return "s3";
  }

  @Override
  public int startOrder() {
    return 30;
  }

  @Override
  public RoleService configure(ConfigSection section, NodeOptions node) {
    return new S3Service(new S3Options(section));
  }
}
