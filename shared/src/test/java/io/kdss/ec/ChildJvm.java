package io.kdss.ec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test classpath in a fresh JVM with the KDSS flags and extra
 * system properties, for what is fixed when a class loads (vector width, ISA-L library).
 */
final class ChildJvm {

  record Outcome(int exitCode, String output) {
  }

  private ChildJvm() {
  }

  static Outcome run(Class<?> main, List<String> properties, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"));
    properties.forEach(p -> cmd.add("-D" + p));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(main.getSimpleName() + " did not finish in 60 s");
    }
    return new Outcome(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
