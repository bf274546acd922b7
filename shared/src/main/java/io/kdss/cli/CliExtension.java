package io.kdss.cli;

/**
 * A subcommand contributed by a role module through {@link java.util.ServiceLoader}
 * ({@code kdss format} from storage, {@code kdss mount} from fuse, {@code kdss admin} from master).
 */
public interface CliExtension {

  /** A picocli-annotated command object. */
  Object command();
}
