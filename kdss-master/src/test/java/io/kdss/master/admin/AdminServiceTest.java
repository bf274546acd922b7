package io.kdss.master.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.admin.AdminClient;
import io.kdss.auth.CredentialsFile;
import io.kdss.auth.SigningKeys;
import io.kdss.cli.KdssCli;
import io.kdss.config.MongoOptions;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.kdss.node.NodeRuntime;
import io.kdss.proto.AccessKeySecret;
import io.kdss.proto.AuthServiceGrpcClient;
import io.kdss.proto.BucketServiceGrpcClient;
import io.kdss.proto.CreateBucketRequest;
import io.kdss.proto.SigningKey;
import io.kdss.proto.SigningKeyRequest;
import io.kdss.rpc.RpcException;
import io.kdss.testing.TestPorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users, keys and policies through a real master (embedded metadata, signed gRPC). */
class AdminServiceTest {

  @TempDir
  Path data;

  private final int port = TestPorts.free();
  private final int mongoPort = TestPorts.free();
  private NodeRuntime master;
  private Vertx vertx;
  private GrpcClient grpc;

  @BeforeEach
  void start() throws Exception {
    master = NodeRuntime.configure(config());
    await(master.start());
    vertx = Vertx.vertx();
    grpc = GrpcClient.client(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
    if (master != null) {
      await(master.stop());
    }
  }

  @Test
  void firstStartWritesAdminCredentialsThatWork() throws Exception {
    CredentialsFile creds = CredentialsFile.read(data.resolve("credentials")).orElseThrow();
    assertThat(creds.accessKeyId()).startsWith("KD");
    assertThat(master.endpoints()).anyMatch(l -> l.startsWith("Secret key") && l.contains(creds.secretAccessKey()));
    AdminClient admin = client(creds);
    assertThat(await(admin.user("admin")).getAdmin()).isTrue();
    assertThat(await(admin.user("admin")).getKeysList()).extracting(k -> k.getAccessKeyId()).containsExactly(creds.accessKeyId());
  }

  @Test
  void usersKeysAndSigningKeysEndToEnd() throws Exception {
    AdminClient admin = client(CredentialsFile.read(data.resolve("credentials")).orElseThrow());
    String readOnly = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}}";
    RpcException principal = rpc(() -> admin.createUser("eve", false,
        "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"));
    assertThat(principal.detail()).startsWith("MalformedPolicy: Has prohibited field Principal");
    await(admin.createUser("bob", false, readOnly));
    assertThat(status(() -> admin.createUser("bob", false, ""))).isEqualTo(GrpcStatus.ALREADY_EXISTS);
    assertThat(status(() -> admin.createUser("bad name!", false, ""))).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    AccessKeySecret key = await(admin.createKey("bob"));
    String id = key.getKey().getAccessKeyId();

    // The secret is stored sealed, never in plain text.
    MetaStore meta = MetaStore.connect(vertx, new MongoOptions(), master.metaUri());
    JsonObject stored = await(meta.client().findOne(MetaCollections.ACCESS_KEYS, new JsonObject().put("_id", id), null));
    assertThat(stored.getString("secret")).startsWith("v1:").doesNotContain(key.getSecretAccessKey());

    // A gateway gets the scoped signing key, equal to what the secret derives.
    String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    SigningKey signing = await(AuthServiceGrpcClient.create(grpc, address()).getSigningKey(SigningKeyRequest.newBuilder()
        .setAccessKeyId(id).setDate(today).setRegion("us-east-1").setService("s3").build()));
    assertThat(signing.getUser()).isEqualTo("bob");
    assertThat(signing.getAdmin()).isFalse();
    assertThat(signing.getPolicy()).isEqualTo(readOnly);
    assertThat(signing.getKey().toByteArray())
        .isEqualTo(SigningKeys.derive(key.getSecretAccessKey(), today, "us-east-1", "s3"));

    // Bob is not an admin; a wrong secret and unsigned calls are refused.
    AdminClient bob = new AdminClient(grpc, address(), id, key.getSecretAccessKey());
    assertThat(status(() -> bob.listUsers("", 10))).isEqualTo(GrpcStatus.PERMISSION_DENIED);
    AdminClient forger = new AdminClient(grpc, address(), id, "not-the-secret");
    assertThat(status(() -> forger.listUsers("", 10))).isEqualTo(GrpcStatus.UNAUTHENTICATED);

    // Revoked keys stop working for gateways and admin calls.
    await(admin.revokeKey(id));
    assertThat(status(() -> io.kdss.rpc.UnaryCall.call(grpc, address(), AuthServiceGrpcClient.GetSigningKey,
        SigningKeyRequest.newBuilder().setAccessKeyId(id).setDate(today).setRegion("us-east-1").setService("s3").build(),
        5000))).isEqualTo(GrpcStatus.NOT_FOUND);
    assertThat(status(() -> bob.listUsers("", 10))).isEqualTo(GrpcStatus.UNAUTHENTICATED);

    assertThat(await(admin.listUsers("", 10)).getUsersList()).extracting(u -> u.getName()).containsExactly("admin", "bob");
    assertThat(status(() -> admin.deleteUser("admin"))).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
    await(admin.deleteUser("bob"));
    assertThat(status(() -> admin.user("bob"))).isEqualTo(GrpcStatus.NOT_FOUND);
    await(meta.close());
  }

  @Test
  void bucketPoliciesAreCheckedWithTheAwsGrammarAndStored() throws Exception {
    AdminClient admin = client(CredentialsFile.read(data.resolve("credentials")).orElseThrow());
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::photos/*\"}]}";
    assertThat(rpc(() -> admin.setBucketPolicy("photos", policy)).detail()).startsWith("NoSuchBucket");
    await(BucketServiceGrpcClient.create(grpc, address()).createBucket(CreateBucketRequest.newBuilder().setName("photos")
        .setOwner("admin").setRegion("us-east-1").build()));
    RpcException bad = rpc(() -> admin.setBucketPolicy("photos", "{not json"));
    assertThat(bad.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(bad.detail()).startsWith("MalformedPolicy: This policy contains invalid Json");
    assertThat(rpc(() -> admin.setBucketPolicy("photos", "{\"Version\":\"2012-10-17\"}")).detail())
        .isEqualTo("MalformedPolicy: Missing required field Statement");
    assertThat(rpc(() -> admin.setBucketPolicy("photos", policy.replace("photos/*", "other/*"))).detail())
        .contains("Policy has invalid resource");
    await(admin.setBucketPolicy("photos", policy));
    assertThat(await(admin.bucketPolicy("photos")).getPolicy()).isEqualTo(policy);
    assertThat(await(admin.listBuckets("", 100)).getBucketsList()).singleElement()
        .satisfies(b -> assertThat(b.getName()).isEqualTo("photos"))
        .satisfies(b -> assertThat(b.getHasPolicy()).isTrue());
    await(admin.deleteBucketPolicy("photos"));
    assertThat(status(() -> admin.bucketPolicy("photos"))).isEqualTo(GrpcStatus.NOT_FOUND);
  }

  @Test
  void restartKeepsUsersAndAnotherMasterKeyIsRefused() throws Exception {
    CredentialsFile creds = CredentialsFile.read(data.resolve("credentials")).orElseThrow();
    await(client(creds).createUser("carol", false, ""));
    await(master.stop());
    master = NodeRuntime.configure(config());
    await(master.start());
    assertThat(CredentialsFile.read(data.resolve("credentials"))).contains(creds);
    assertThat(master.endpoints()).noneMatch(l -> l.startsWith("Secret key"));
    assertThat(await(client(creds).user("carol")).getName()).isEqualTo("carol");
    await(master.stop());

    Files.writeString(data.resolve("master.key"), java.util.Base64.getEncoder().encodeToString(new byte[32]));
    NodeRuntime wrongKey = NodeRuntime.configure(config());
    master = null;
    assertThatThrownBy(() -> await(wrongKey.start())).hasMessageContaining("not this cluster's");
  }

  @Test
  void cliManagesUsersWithTheCredentialsFile() throws Exception {
    String[] common = {"admin", "--master", "127.0.0.1:" + port, "--credentials", data.resolve("credentials").toString()};
    String out = cli(common, "user", "add", "dave");
    assertThat(out).contains("created user dave");
    String key = cli(common, "key", "create", "dave");
    assertThat(key).contains("access key: KD").contains("secret key: ");
    assertThat(cli(common, "user", "list")).contains("dave").contains("admin");
    assertThat(cli(common, "user", "show", "dave")).contains("key:    KD").contains("active");
    assertThat(cli(common, "bucket", "list")).contains("BUCKET").contains("OWNER");
  }

  private String cli(String[] common, String... args) {
    String[] all = new String[common.length + args.length];
    System.arraycopy(common, 0, all, 0, common.length);
    System.arraycopy(args, 0, all, common.length, args.length);
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = KdssCli.run(all);
    } finally {
      System.setOut(old);
    }
    assertThat(code).as("exit code of kdss %s", String.join(" ", args)).isZero();
    return buf.toString(StandardCharsets.UTF_8);
  }

  private AdminClient client(CredentialsFile c) {
    return new AdminClient(grpc, address(), c.accessKeyId(), c.secretAccessKey());
  }

  private SocketAddress address() {
    return SocketAddress.inetSocketAddress(port, "127.0.0.1");
  }

  private Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("node", new LinkedHashMap<>(Map.of("id", "m1", "dataDir", data.toString())));
    c.put("roles", List.of("master"));
    c.put("mongo", new LinkedHashMap<>(Map.of("uri", "embedded", "embeddedPort", mongoPort)));
    c.put("master", new LinkedHashMap<>(Map.of("port", port)));
    return c;
  }

  private interface Call {
    Future<?> run();
  }

  private static GrpcStatus status(Call call) throws Exception {
    return rpc(call).status();
  }

  private static RpcException rpc(Call call) throws Exception {
    try {
      await(call.run());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RpcException re) {
        return re;
      }
      throw e;
    }
    throw new AssertionError("call succeeded but should have failed");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
