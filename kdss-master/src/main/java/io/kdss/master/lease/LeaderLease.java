package io.kdss.master.lease;

import io.kdss.meta.MetaCollections;
import io.kdss.meta.MetaStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election through one lease document in {@code leases}:
 * {@code {_id: "master", owner, address, epoch, expiresAt}}.
 *
 * <p>A master takes the lease only when it has expired, in one conditional
 * {@code findOneAndUpdate} that also increments {@code epoch} (the fencing token; an upsert
 * racing with an existing document fails on the _id, so exactly one master wins). The
 * leader renews every third of the lease with an update conditioned on owner and epoch. It
 * considers itself leader only until {@code renewal start + lease - clock margin} on its own
 * monotonic clock, so it stops acting before any other master can take over, as long as
 * wall clocks agree within the margin.
 */
public final class LeaderLease {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);
  public static final String LEASE_ID = "master";

  private final Vertx vertx;
  private final MongoClient mongo;
  private final String masterId;
  private final String address;
  private final long leaseMs;
  private final long marginMs;
  private final List<LongConsumer> onElected = new CopyOnWriteArrayList<>();
  private final List<Runnable> onDeposed = new CopyOnWriteArrayList<>();
  private volatile long epoch;
  private volatile long validUntilNanos;
  private volatile String leaderId = "";
  private volatile String leaderAddress = "";
  private volatile long lastEpochSeen;
  private long timer = -1;
  private boolean ticking;

  public LeaderLease(Vertx vertx, MetaStore store, String masterId, String address, long leaseMs) {
    this.vertx = vertx;
    this.mongo = store.client();
    this.masterId = masterId;
    this.address = address;
    this.leaseMs = leaseMs;
    this.marginMs = Math.max(50, Math.min(1000, leaseMs / 5));
  }

  /** Runs {@code action(epoch)} each time this master becomes leader (on its context). */
  public LeaderLease onElected(LongConsumer action) {
    onElected.add(action);
    return this;
  }

  public LeaderLease onDeposed(Runnable action) {
    onDeposed.add(action);
    return this;
  }

  public void start() {
    tick();
    timer = vertx.setPeriodic(Math.max(20, leaseMs / 3), id -> tick());
  }

  /** Stops renewing; a leader gives the lease up so another master takes over at once. */
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (epoch == 0) {
      return Future.succeededFuture();
    }
    long e = epoch;
    stepDown("stopping");
    return mongo.updateCollection(MetaCollections.LEASES,
            new JsonObject().put("_id", LEASE_ID).put("owner", masterId).put("epoch", e),
            new JsonObject().put("$set", new JsonObject().put("expiresAt", 0L)))
        // Bounded: if the store does not answer, the lease simply expires at its time.
        .<Void>mapEmpty().timeout(2_000, java.util.concurrent.TimeUnit.MILLISECONDS)
        .recover(err -> Future.succeededFuture());
  }

  /** True while this master holds an unexpired lease by its own clock. */
  public boolean isLeader() {
    return epoch != 0 && System.nanoTime() < validUntilNanos;
  }

  /** This term's fence; only meaningful while {@link #isLeader()}. */
  public Fence fence() {
    return new Fence(epoch);
  }

  public long epoch() {
    return epoch;
  }

  /** The latest epoch this master has seen in the lease document (its own or another's). */
  public long lastEpochSeen() {
    return Math.max(lastEpochSeen, epoch);
  }

  public String leaderId() {
    return isLeader() ? masterId : leaderId;
  }

  public String leaderAddress() {
    return isLeader() ? address : leaderAddress;
  }

  public String masterId() {
    return masterId;
  }

  private void tick() {
    if (ticking) {
      return;
    }
    ticking = true;
    long startNanos = System.nanoTime();
    Future<Boolean> held = epoch != 0 ? renew() : acquire();
    held.onComplete(ar -> {
      ticking = false;
      if (ar.succeeded() && ar.result()) {
        validUntilNanos = startNanos + (leaseMs - marginMs) * 1_000_000L;
      } else if (epoch != 0) {
        stepDown(ar.failed() ? "lease store unreachable: " + ar.cause().getMessage() : "lease taken over");
      }
    });
  }

  private Future<Boolean> renew() {
    long now = System.currentTimeMillis();
    return mongo.updateCollection(MetaCollections.LEASES,
            new JsonObject().put("_id", LEASE_ID).put("owner", masterId).put("epoch", epoch),
            new JsonObject().put("$set", new JsonObject().put("expiresAt", now + leaseMs)))
        .map(r -> r.getDocMatched() == 1);
  }

  private Future<Boolean> acquire() {
    long now = System.currentTimeMillis();
    JsonObject expired = new JsonObject().put("_id", LEASE_ID).put("expiresAt", new JsonObject().put("$lt", now));
    JsonObject update = new JsonObject()
        .put("$set", new JsonObject().put("owner", masterId).put("address", address)
            .put("expiresAt", now + leaseMs).put("acquiredAt", now))
        .put("$inc", new JsonObject().put("epoch", 1L));
    return mongo.findOneAndUpdateWithOptions(MetaCollections.LEASES, expired, update, new FindOptions(),
            new UpdateOptions().setUpsert(true).setReturningNewDocument(true))
        .map(doc -> {
          long e = doc.getLong("epoch");
          lastEpochSeen = e;
          epoch = e;
          leaderId = masterId;
          leaderAddress = address;
          validUntilNanos = System.nanoTime() + (leaseMs - marginMs) * 1_000_000L;
          LOG.atInfo().addKeyValue("master", masterId).addKeyValue("epoch", e).log("elected leader");
          onElected.forEach(a -> a.accept(e));
          return true;
        })
        .recover(err -> {
          if (!MetaStore.isDuplicateKey(err)) {
            return Future.failedFuture(err);
          }
          return mongo.findOne(MetaCollections.LEASES, new JsonObject().put("_id", LEASE_ID), null).map(doc -> {
            if (doc != null) {
              leaderId = doc.getString("owner", "");
              leaderAddress = doc.getString("address", "");
              lastEpochSeen = doc.getLong("epoch", 0L);
            }
            return false;
          });
        });
  }

  private void stepDown(String why) {
    long e = epoch;
    epoch = 0;
    validUntilNanos = 0;
    LOG.atWarn().addKeyValue("master", masterId).addKeyValue("epoch", e).addKeyValue("reason", why)
        .log("no longer leader");
    onDeposed.forEach(Runnable::run);
  }
}
