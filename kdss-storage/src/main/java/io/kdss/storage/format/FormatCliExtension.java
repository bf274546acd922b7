package io.kdss.storage.format;

import io.kdss.cli.CliExtension;

/** Contributes {@code kdss format} to the launcher (found through ServiceLoader). */
public final class FormatCliExtension implements CliExtension {

  @Override
  public Object command() {
    return new FormatCommand();
  }
}
