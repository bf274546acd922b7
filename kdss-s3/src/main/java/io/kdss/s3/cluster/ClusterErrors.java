package io.kdss.s3.cluster;

import io.kdss.client.StripeUnreadableException;
import io.kdss.client.WriteQuorumException;
import io.kdss.client.master.NamespaceErrno;
import io.kdss.rpc.RpcException;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3Exception;
import io.vertx.grpc.common.GrpcStatus;

/**
 * Turns failures of the cluster (master statuses, write quorum misses, unreadable stripes) into
 * the S3 error that tells the client what happened. Master statuses carry either an S3 error
 * code ({@code "NoSuchUpload: ..."}, bucket and multipart services) or a namespace errno
 * ({@code "ENOTDIR: ..."}); {@code missing} is the code an ENOENT stands for in the call at hand.
 */
final class ClusterErrors {

  private ClusterErrors() {
  }

  static S3Exception toS3(Throwable e, S3ErrorCode missing) {
    if (e instanceof S3Exception s) {
      return s;
    }
    if (e instanceof RpcException r) {
      S3Exception coded = s3Coded(r);
      if (coded != null) {
        return coded;
      }
      NamespaceErrno errno = NamespaceErrno.of(r);
      if (errno != null) {
        return fromErrno(errno, r.detail(), missing);
      }
      if (r.status() == GrpcStatus.UNAVAILABLE || r.status() == GrpcStatus.DEADLINE_EXCEEDED) {
        return new S3Exception(S3ErrorCode.ServiceUnavailable, "The cluster's masters did not answer in time; retry.", e);
      }
      return new S3Exception(S3ErrorCode.InternalError, S3ErrorCode.InternalError.defaultMessage(), e);
    }
    if (e instanceof io.vertx.core.http.HttpClosedException) {
      return new S3Exception(S3ErrorCode.IncompleteBody, "The client closed the connection before the body was complete;"
          + " nothing was stored.", e);
    }
    if (e instanceof WriteQuorumException) {
      return new S3Exception(S3ErrorCode.ServiceUnavailable, "Not enough storage nodes accepted the data (" + e.getMessage()
          + "); retry.", e);
    }
    if (e instanceof StripeUnreadableException) {
      return new S3Exception(S3ErrorCode.InternalError, "Part of the object cannot be read right now: " + e.getMessage(), e);
    }
    return S3Exception.from(e);
  }

  /** A status whose message starts with an S3 error code; null otherwise. */
  private static S3Exception s3Coded(RpcException r) {
    String detail = r.detail() == null ? "" : r.detail();
    int colon = detail.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    try {
      S3ErrorCode code = S3ErrorCode.valueOf(detail.substring(0, colon));
      return new S3Exception(code, detail.substring(colon + 1).strip());
    } catch (IllegalArgumentException notS3) {
      return null;
    }
  }

  private static S3Exception fromErrno(NamespaceErrno errno, String detail, S3ErrorCode missing) {
    String why = detail.substring(detail.indexOf(':') + 1).strip();
    return switch (errno) {
      case ENOENT -> new S3Exception(missing);
      case ENOTDIR, EISDIR -> new S3Exception(S3ErrorCode.XKdssKeyConflict, S3ErrorCode.XKdssKeyConflict.defaultMessage()
          + " (" + why + ")");
      case EEXIST -> new S3Exception(S3ErrorCode.PreconditionFailed);
      case ENOSPC -> new S3Exception(S3ErrorCode.ServiceUnavailable, "The cluster has no room for this data: " + why);
      case EAGAIN -> new S3Exception(S3ErrorCode.SlowDown, "Too many concurrent changes of this key: " + why);
      case ENAMETOOLONG -> new S3Exception(S3ErrorCode.KeyTooLongError, "Each '/'-separated part of a key is at most"
          + " 255 bytes in KDSS (" + why + ")");
      case ESTALE -> new S3Exception(S3ErrorCode.OperationAborted, "The key was deleted or written again while this"
          + " request was in progress (" + why + "); retry.");
      case EINVAL -> new S3Exception(S3ErrorCode.InvalidArgument, why);
      case EFBIG -> new S3Exception(S3ErrorCode.EntityTooLarge, why);
      default -> new S3Exception(S3ErrorCode.InternalError, why);
    };
  }
}
