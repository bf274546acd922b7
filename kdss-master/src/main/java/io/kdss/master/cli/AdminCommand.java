package io.kdss.master.cli;

import io.kdss.admin.AdminClient;
import io.kdss.auth.CredentialsFile;
import io.kdss.cli.UserError;
import io.kdss.config.ConfigException;
import io.kdss.config.HostPort;
import io.kdss.rpc.RpcException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kdss admin}: users, access keys and bucket policies, through a master's signed
 * AdminService. Credentials: --access-key/--secret-key, else KDSS_ACCESS_KEY/KDSS_SECRET_KEY,
 * else the credentials file (default ./data/credentials, what {@code kdss dev} writes).
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "Manage users, access keys, buckets, bucket policies, disk drains and repairs.",
    subcommands = {UserCommands.class, KeyCommands.class, PolicyCommands.class, BucketCommands.class,
        DiskCommands.class, RepairCommands.class})
public final class AdminCommand {

  @Option(names = "--master", paramLabel = "HOST:PORT", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "A master's gRPC address (default: $KDSS_MASTER or 127.0.0.1:7100).")
  String master;

  @Option(names = "--access-key", paramLabel = "ID", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Admin access key id (default: $KDSS_ACCESS_KEY or the credentials file).")
  String accessKey;

  @Option(names = "--secret-key", paramLabel = "SECRET", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Its secret (default: $KDSS_SECRET_KEY or the credentials file).")
  String secretKey;

  @Option(names = "--credentials", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "aws-cli style credentials file (default: ./data/credentials).")
  Path credentials;

  static final long TIMEOUT_S = 30;

  /** Runs one admin call against the configured master and prints its result. */
  <T> int run(Function<AdminClient, Future<T>> call, java.util.function.BiConsumer<T, PrintStream> print) {
    CredentialsFile creds = resolveCredentials();
    HostPort address = resolveMaster();
    Vertx vertx = Vertx.vertx();
    try {
      AdminClient client = new AdminClient(GrpcClient.client(vertx),
          SocketAddress.inetSocketAddress(address.port(), address.host()), creds.accessKeyId(), creds.secretAccessKey());
      T result = call.apply(client).toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
      print.accept(result, System.out);
      return 0;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RpcException re) {
        throw new UserError(re.status() + ": " + re.detail(), 1);
      }
      throw new UserError("cannot reach the master at " + address + ": " + cause.getMessage(), 1);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new UserError("the master at " + address + " did not answer within " + TIMEOUT_S + " s", 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted", 1);
    } finally {
      vertx.close();
    }
  }

  private HostPort resolveMaster() {
    String m = master != null ? master : System.getenv().getOrDefault("KDSS_MASTER", "127.0.0.1:7100");
    try {
      return HostPort.parse(m, "--master");
    } catch (ConfigException e) {
      throw new UserError("--master: '" + m + "' is not host:port");
    }
  }

  private CredentialsFile resolveCredentials() {
    if (accessKey != null || secretKey != null) {
      if (accessKey == null || secretKey == null) {
        throw new UserError("give both --access-key and --secret-key");
      }
      return new CredentialsFile(accessKey, secretKey);
    }
    String envId = System.getenv("KDSS_ACCESS_KEY");
    String envSecret = System.getenv("KDSS_SECRET_KEY");
    if (envId != null && envSecret != null) {
      return new CredentialsFile(envId, envSecret);
    }
    Path file = credentials != null ? credentials : Path.of("data", "credentials");
    try {
      return CredentialsFile.read(file).orElseThrow(() -> new UserError("no admin credentials: pass --access-key and "
          + "--secret-key, set KDSS_ACCESS_KEY/KDSS_SECRET_KEY, or --credentials FILE (" + file + " has none)"));
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage());
    }
  }
}
