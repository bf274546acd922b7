package io.kdss.client.master;

import io.kdss.rpc.RpcException;
import io.vertx.grpc.common.GrpcStatus;

/**
 * The POSIX-style reason of a namespace error. The master sends it as the gRPC status plus a
 * message that starts with the name and a colon ({@code "ENOTEMPTY: directory 'a' is not empty"});
 * {@link #of(Throwable)} reads it back so the S3 gateway and FUSE map errors without parsing prose.
 */
public enum NamespaceErrno {
  ENOENT(GrpcStatus.NOT_FOUND, 2),
  EEXIST(GrpcStatus.ALREADY_EXISTS, 17),
  ENOTEMPTY(GrpcStatus.FAILED_PRECONDITION, 39),
  ENOTDIR(GrpcStatus.FAILED_PRECONDITION, 20),
  EISDIR(GrpcStatus.FAILED_PRECONDITION, 21),
  /** A content id that is no longer the file's (overwritten or aborted meanwhile). */
  ESTALE(GrpcStatus.FAILED_PRECONDITION, 116),
  /** A scheme the cluster cannot place (too few usable disks). */
  ENOSPC(GrpcStatus.FAILED_PRECONDITION, 28),
  EINVAL(GrpcStatus.INVALID_ARGUMENT, 22),
  ENAMETOOLONG(GrpcStatus.INVALID_ARGUMENT, 36),
  /** Too many stripes in one region of a file (rewrite it in larger writes). */
  EFBIG(GrpcStatus.RESOURCE_EXHAUSTED, 27),
  /** Lost a race too many times; the operation may be retried. */
  EAGAIN(GrpcStatus.ABORTED, 11),
  ENOTSUP(GrpcStatus.UNIMPLEMENTED, 95);

  private final GrpcStatus status;
  private final int code;

  NamespaceErrno(GrpcStatus status, int code) {
    this.status = status;
    this.code = code;
  }

  public GrpcStatus status() {
    return status;
  }

  /** The Linux errno value (FUSE replies with its negative). */
  public int code() {
    return code;
  }

  /** The message the master sends: {@code "NAME: detail"}. */
  public String message(String detail) {
    return name() + ": " + detail;
  }

  /** The errno of a failed namespace call, or null when the failure is not a namespace error. */
  public static NamespaceErrno of(Throwable failure) {
    if (!(failure instanceof RpcException e)) {
      return null;
    }
    String detail = e.detail();
    int colon = detail.indexOf(':');
    if (colon > 0) {
      try {
        NamespaceErrno errno = valueOf(detail.substring(0, colon));
        return errno.status == e.status() ? errno : null;
      } catch (IllegalArgumentException ignored) {
        return null;
      }
    }
    return null;
  }
}
