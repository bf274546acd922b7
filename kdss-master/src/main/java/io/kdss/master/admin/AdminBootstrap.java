package io.kdss.master.admin;

import io.kdss.auth.AccessKeys;
import io.kdss.auth.CredentialsFile;
import io.kdss.auth.SecretBox;
import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-start set-up of the cluster's credentials: checks that this master's key opens the
 * cluster's sealed secrets, and makes the first admin user ({@value #ADMIN}) with the key pair
 * from KDSS_ACCESS_KEY / KDSS_SECRET_KEY or a generated one, written to
 * {@code <dataDir>/credentials} (aws-cli format).
 */
public final class AdminBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
  public static final String ADMIN = "admin";
  public static final String ENV_ACCESS_KEY = "KDSS_ACCESS_KEY";
  public static final String ENV_SECRET_KEY = "KDSS_SECRET_KEY";
  public static final String CREDENTIALS_FILE = "credentials";
  private static final String KEY_CHECK_TEXT = "kdss-master-key-check";

  private AdminBootstrap() {
  }

  /** What the start-up banner tells the operator. */
  public record Outcome(Path credentialsFile, String accessKeyId, String generatedSecret) {
  }

  /** Fails the start when the master key differs from the one the cluster's secrets were sealed with. */
  public static Future<Void> checkMasterKey(MetaStore meta, SecretBox box, String keySource) {
    JsonObject id = new JsonObject().put("_id", "kdss");
    return meta.client().findOne(MetaCollections.SCHEMA, id, null).compose(doc -> {
      String check = doc == null ? null : doc.getString("keyCheck");
      if (check == null) {
        return meta.client().findOneAndUpdateWithOptions(MetaCollections.SCHEMA,
                id.copy().put("keyCheck", new JsonObject().put("$exists", false)),
                new JsonObject().put("$set", new JsonObject().put("keyCheck", box.seal(KEY_CHECK_TEXT, "keyCheck"))),
                new FindOptions(), new UpdateOptions())
            .compose(v -> checkMasterKey(meta, box, keySource));
      }
      try {
        box.open(check, "keyCheck");
        return Future.succeededFuture();
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new IllegalStateException("the master key from " + keySource
            + " is not this cluster's: copy master.key from an existing master or set KDSS_MASTER_KEY"));
      }
    });
  }

  public static Future<Outcome> ensureAdmin(UserStore users, Path dataDir, Map<String, String> env) {
    String envId = env.get(ENV_ACCESS_KEY);
    String envSecret = env.get(ENV_SECRET_KEY);
    if ((envId == null) != (envSecret == null)) {
      return Future.failedFuture(new IllegalStateException("set both " + ENV_ACCESS_KEY + " and " + ENV_SECRET_KEY + ", or neither"));
    }
    Path file = dataDir.resolve(CREDENTIALS_FILE);
    return users.adminCount().compose(admins -> {
      if (admins > 0 && envId == null) {
        return Future.succeededFuture(new Outcome(file, null, null));
      }
      Future<Void> user = admins > 0 ? Future.succeededFuture()
          : users.createUser(ADMIN, true, "").<Void>mapEmpty().recover(e -> alreadyExists(e) ? Future.succeededFuture() : Future.failedFuture(e));
      String id = envId != null ? envId : AccessKeys.newAccessKeyId();
      String secret = envSecret != null ? envSecret : AccessKeys.newSecret();
      return user.compose(v -> users.createKey(ADMIN, id, secret))
          .map(k -> {
            write(file, id, secret);
            LOG.atInfo().addKeyValue("user", ADMIN).addKeyValue("accessKey", id).addKeyValue("file", file)
                .log("admin credentials created");
            return new Outcome(file, id, envSecret == null ? secret : null);
          })
          .recover(e -> alreadyExists(e) ? Future.succeededFuture(new Outcome(file, id, null)) : Future.failedFuture(e));
    });
  }

  private static boolean alreadyExists(Throwable e) {
    return e instanceof StatusException se && se.status() == GrpcStatus.ALREADY_EXISTS;
  }

  private static void write(Path file, String id, String secret) {
    try {
      new CredentialsFile(id, secret).write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
