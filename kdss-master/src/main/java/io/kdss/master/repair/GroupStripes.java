package io.kdss.master.repair;

import io.kdss.meta.IndexSpec;
import io.kdss.meta.MetaCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds recorded stripes in the contents' chunk documents ({@code stripes}: each extent
 * carries its stripe id {@code s}, group {@code g}, shard length and per-shard CRC32C). Two
 * multikey indexes make it cheap on MongoDB: {@code x.g} (the stripes of a group, for repair
 * and moves) and {@code x.s} (one stripe, for bad-shard repair). The embedded store ignores
 * non-unique indexes and scans, which is fine at dev and test sizes.
 */
public final class GroupStripes {

  public static final List<IndexSpec> INDEXES = List.of(
      IndexSpec.of(MetaCollections.STRIPES, "extent_group", new JsonObject().put("x.g", 1)),
      IndexSpec.of(MetaCollections.STRIPES, "extent_stripe", new JsonObject().put("x.s", 1)));

  /** What repairing one shard of a stripe needs to know. {@code crcs} has k+m entries (unsigned). */
  public record StripeInfo(long stripeId, long groupId, int shardLength, int k, int m, List<Long> crcs) {
  }

  private final MongoClient mongo;

  public GroupStripes(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Every stripe recorded in group {@code groupId}, by stripe id. */
  public Future<List<StripeInfo>> ofGroup(long groupId) {
    return find(new JsonObject().put("x.g", groupId)).map(all -> {
      TreeMap<Long, StripeInfo> out = new TreeMap<>();
      all.values().stream().filter(s -> s.groupId() == groupId).forEach(s -> out.put(s.stripeId(), s));
      return new ArrayList<>(out.values());
    });
  }

  /** The stripes among {@code ids} that are still recorded (dead ones are absent). */
  public Future<Map<Long, StripeInfo>> byId(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    JsonArray in = new JsonArray(new ArrayList<>(ids));
    return find(new JsonObject().put("x.s", new JsonObject().put("$in", in))).map(all -> {
      all.keySet().retainAll(ids);
      return all;
    });
  }

  private Future<Map<Long, StripeInfo>> find(JsonObject query) {
    FindOptions o = new FindOptions().setFields(new JsonObject().put("x", 1));
    return mongo.findWithOptions(MetaCollections.STRIPES, query, o).map(docs -> {
      Map<Long, StripeInfo> out = new TreeMap<>();
      for (JsonObject d : docs) {
        for (Object o2 : d.getJsonArray("x", new JsonArray())) {
          JsonObject x = (JsonObject) o2;
          List<Long> crcs = new ArrayList<>();
          x.getJsonArray("c", new JsonArray()).forEach(c -> crcs.add(((Number) c).longValue()));
          out.putIfAbsent(x.getLong("s"), new StripeInfo(x.getLong("s"), x.getLong("g"), x.getInteger("sl"),
              x.getInteger("k"), x.getInteger("m"), List.copyOf(crcs)));
        }
      }
      return out;
    });
  }
}
