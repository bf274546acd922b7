package io.kdss.s3.backend;

import java.time.Instant;

/** A bucket as the gateway sees it: name, creation time, owning user, region. */
public record BucketInfo(String name, Instant created, String owner, String region) {
}
