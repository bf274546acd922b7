package io.kdss.master.namespace;

import io.kdss.proto.CompleteUploadRequest;
import io.kdss.proto.CreateUploadRequest;
import io.kdss.proto.Entry;
import io.kdss.proto.ListUploadsReply;
import io.kdss.proto.ListUploadsRequest;
import io.kdss.proto.MultipartServiceGrpcService;
import io.kdss.proto.Upload;
import io.kdss.proto.UploadRef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The multipart gRPC service (see multipart.proto), timed and mapped to statuses like the namespace's. */
public final class MultipartEndpoint extends MultipartServiceGrpcService {

  private final MultipartUploads uploads;
  private final NamespaceEndpoint namespace;

  MultipartEndpoint(MultipartUploads uploads, NamespaceEndpoint namespace) {
    this.uploads = uploads;
    this.namespace = namespace;
  }

  @Override
  public Future<Upload> createUpload(CreateUploadRequest r) {
    return namespace.timed("mp_create", () -> uploads.create(r).map(MultipartEndpoint::toProto));
  }

  @Override
  public Future<Upload> getUpload(UploadRef r) {
    return namespace.timed("mp_get", () -> uploads.get(r).map(MultipartEndpoint::toProto));
  }

  @Override
  public Future<ListUploadsReply> listUploads(ListUploadsRequest r) {
    int limit = r.getLimit() <= 0 ? MultipartUploads.MAX_LIST : Math.min(r.getLimit(), MultipartUploads.MAX_LIST);
    return namespace.timed("mp_list", () -> uploads.list(r, limit).map(docs -> {
      List<JsonObject> page = docs.size() > limit ? docs.subList(0, limit) : docs;
      ListUploadsReply.Builder b = ListUploadsReply.newBuilder().setTruncated(docs.size() > limit);
      page.forEach(d -> b.addUploads(toProto(d)));
      return b.build();
    }));
  }

  @Override
  public Future<Entry> completeUpload(CompleteUploadRequest r) {
    return namespace.timed("mp_complete", () -> uploads.completion().complete(r).map(EntryDoc::toProto));
  }

  @Override
  public Future<Upload> abortUpload(UploadRef r) {
    return namespace.timed("mp_abort", () -> uploads.abort(r).map(MultipartEndpoint::toProto));
  }

  static Upload toProto(JsonObject d) {
    Upload.Builder b = Upload.newBuilder().setUploadId(d.getString("_id")).setBucket(d.getString("bucket"))
        .setKey(d.getString("key")).setOwner(d.getString("owner", "")).setInitiatedMs(d.getLong("initiatedMs", 0L))
        .setContentType(d.getString("contentType", "")).setDirId(d.getLong("dirId", 0L));
    d.getJsonObject("userMeta", new JsonObject()).forEach(e -> b.putUserMeta(e.getKey(), String.valueOf(e.getValue())));
    return b.build();
  }
}
