// The AWS SDK for JavaScript v3 against `kdss dev`, run by scripts/smoke/20-s3-clients:
// node aws-sdk-js.mjs FILE ENDPOINT ACCESS_KEY SECRET_KEY. Exits non-zero on the first mismatch.
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, HeadObjectCommand,
  ListObjectsV2Command, CopyObjectCommand, DeleteObjectsCommand, DeleteBucketCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createReadStream, readFileSync } from "node:fs";
import { createHash } from "node:crypto";

const [file, endpoint, accessKeyId, secretAccessKey] = process.argv.slice(2);
const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true,
  credentials: { accessKeyId, secretAccessKey } });
const bucket = "js-smoke";
const md5 = (b) => createHash("md5").update(b).digest("hex");
const check = (ok, what) => { if (!ok) { throw new Error(what); } };

await s3.send(new CreateBucketCommand({ Bucket: bucket }));
// 24 MiB through lib-storage: 8 MiB parts, 3 in flight, from a stream (CRC32 checksums by default).
await new Upload({ client: s3, params: { Bucket: bucket, Key: "big/24m", Body: createReadStream(file),
  Metadata: { origin: "js" } }, partSize: 8 << 20, queueSize: 3 }).done();
const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "big/24m" }));
const bytes = Buffer.from(await got.Body.transformToByteArray());
check(md5(bytes) === md5(readFileSync(file)), "24 MiB checksum differs");
check(got.Metadata.origin === "js", "user metadata lost: " + JSON.stringify(got.Metadata));
check(/-3"$/.test(got.ETag), "not a 3-part multipart ETag: " + got.ETag);

await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "small ü+=.txt", Body: "hello js", ContentType: "text/plain" }));
const ranged = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "small ü+=.txt", Range: "bytes=6-7" }));
check(await ranged.Body.transformToString() === "js", "ranged GET");
await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy", CopySource: `${bucket}/${encodeURIComponent("small ü+=.txt")}` }));
const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: "/" }));
const keys = (listed.Contents ?? []).map((o) => o.Key);
const prefixes = (listed.CommonPrefixes ?? []).map((p) => p.Prefix);
check(JSON.stringify(keys) === JSON.stringify(["copy", "small ü+=.txt"]) && prefixes[0] === "big/",
  "listing: " + JSON.stringify({ keys, prefixes }));
try {
  await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "missing" }));
  check(false, "HEAD of a missing key succeeded");
} catch (e) {
  check(e.$metadata?.httpStatusCode === 404, "HEAD of a missing key: " + e);
}
const gone = await s3.send(new DeleteObjectsCommand({ Bucket: bucket,
  Delete: { Objects: ["big/24m", "small ü+=.txt", "copy"].map((Key) => ({ Key })) } }));
check(gone.Deleted.length === 3 && !gone.Errors, "batch delete: " + JSON.stringify(gone.Errors));
await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
