package io.kdss.node;

import io.kdss.config.ConfigSection;
import io.kdss.config.NodeOptions;

/**
 * A KDSS role (master, storage, s3, fuse, dashboard): found through {@link java.util.ServiceLoader},
 * so role modules never depend on each other and the launcher needs no list of them.
 */
public interface Role {

  /** The name used in {@code roles:} and as the config section key. */
  String name();

  /** Roles start in ascending order and stop in descending order (master first up, last down). */
  int startOrder();

  /**
   * Reads and validates this role's config section (all defaults when absent); unknown keys
   * and bad values throw {@link io.kdss.config.ConfigException} naming the key.
   */
  RoleService configure(ConfigSection section, NodeOptions node);
}
