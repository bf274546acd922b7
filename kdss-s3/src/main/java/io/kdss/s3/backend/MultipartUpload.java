package io.kdss.s3.backend;

import java.time.Instant;

/** An initiated, not yet completed or aborted multipart upload. */
public record MultipartUpload(String bucket, String key, String uploadId, Instant initiated,
    String owner, ObjectMeta meta) {
}
