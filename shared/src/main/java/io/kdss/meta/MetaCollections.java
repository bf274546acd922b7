package io.kdss.meta;

/** Names of the MongoDB collections of DESIGN.md's data model. */
public final class MetaCollections {

  public static final String NODES = "nodes";
  public static final String VOLUMES = "volumes";
  public static final String EC_GROUPS = "ec_groups";
  public static final String ENTRIES = "entries";
  public static final String STRIPES = "stripes";
  public static final String BUCKETS = "buckets";
  public static final String USERS = "users";
  public static final String ACCESS_KEYS = "access_keys";
  public static final String POLICIES = "policies";
  public static final String MULTIPART_UPLOADS = "multipart_uploads";
  public static final String ALERTS = "alerts";
  public static final String LEASES = "leases";
  /** Atomic id counters: {_id: name, value: last id handed out}. */
  public static final String COUNTERS = "counters";
  /** Stripes whose shards are to be deleted from the disks (garbage collection queue). */
  public static final String GARBAGE = "garbage";
  /**
   * One marker per stripe queued in {@link #GARBAGE}: {_id: stripeId, g: garbage document id}.
   * The released-stripe check of every stripe write looks here by {@code _id}.
   */
  public static final String RELEASED = "released";
  /** {_id: "kdss", version: N}: the metadata schema this cluster was created with. */
  public static final String SCHEMA = "schema";

  private MetaCollections() {
  }
}
