# shellcheck shell=bash
# Shared by the S3 smoke tests (sourced, not run): start and stop a `kdss dev` on a temporary
# data dir with its generated admin key, and point aws-cli, s3cmd and rclone at it.

smoke_root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
smoke_data="$(mktemp -d /tmp/kdss-smoke-s3-XXXXXX)"
smoke_log="$smoke_data.log"
smoke_pid=""
endpoint="http://127.0.0.1:9000"

smoke_cleanup() {
  if [ -n "$smoke_pid" ]; then
    kill "$smoke_pid" 2>/dev/null || true
    wait "$smoke_pid" 2>/dev/null || true
  fi
  rm -rf "$smoke_data" "$smoke_log"
}
trap smoke_cleanup EXIT
trap 'smoke_fail "unexpected failure at line $LINENO: $BASH_COMMAND"' ERR

smoke_fail() {
  echo "smoke $smoke_name: FAIL: $*" >&2
  echo "--- kdss dev output (last 60 lines):" >&2
  tail -60 "$smoke_log" >&2 || true
  exit 1
}

# Starts `kdss dev` (KDSS_JAVA_OPTS passes JVM options) and waits for S3 and the first open group.
smoke_start() {
  "$smoke_root/kdss" dev --data "$smoke_data" --disks 6 --disk-size 8GiB >"$smoke_log" 2>&1 &
  smoke_pid=$!
  for _ in $(seq 1 240); do
    if curl -sf 127.0.0.1:9000/health >/dev/null 2>&1 && [ -f "$smoke_data/credentials" ]; then
      break
    fi
    kill -0 "$smoke_pid" 2>/dev/null || smoke_fail "kdss dev exited early"
    sleep 0.5
  done
  curl -sf 127.0.0.1:9000/health >/dev/null || smoke_fail "kdss dev did not answer /health within 120 s"
  access_key=$(awk -F' *= *' '/aws_access_key_id/ {print $2}' "$smoke_data/credentials")
  secret_key=$(awk -F' *= *' '/aws_secret_access_key/ {print $2}' "$smoke_data/credentials")
  [ -n "$access_key" ] && [ -n "$secret_key" ] || smoke_fail "no key pair in $smoke_data/credentials"
}

smoke_stop() {
  kill -TERM "$smoke_pid"
  wait "$smoke_pid" || smoke_fail "kdss dev exited with $? on SIGTERM"
  smoke_pid=""
}

# The real aws-cli v2 with the dev cluster's credentials file.
awsk() {
  env -u AWS_PROFILE -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_SHARED_CREDENTIALS_FILE="$smoke_data/credentials" \
    AWS_CONFIG_FILE=/dev/null AWS_DEFAULT_REGION=us-east-1 /usr/bin/aws --endpoint-url "$endpoint" "$@"
}

# A SigV4 presigned URL (method GET or PUT) for bucket/key, valid 10 minutes.
presign() {
  env AWS_SHARED_CREDENTIALS_FILE="$smoke_data/credentials" python3 - "$1" "$2" "$3" <<'PY'
import sys, boto3
from botocore.config import Config
method, bucket, key = sys.argv[1:4]
c = boto3.client("s3", endpoint_url="http://127.0.0.1:9000", region_name="us-east-1",
                 config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
op = "get_object" if method == "GET" else "put_object"
print(c.generate_presigned_url(op, Params={"Bucket": bucket, "Key": key}, ExpiresIn=600))
PY
}

# Deterministic pseudo-random bytes, fast (AES-CTR keystream): gen SIZE SEED
gen() {
  (
    set +o pipefail
    openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass "pass:$2" </dev/zero 2>/dev/null | head -c "$1"
  )
}

md5() {
  md5sum "$1" | cut -d' ' -f1
}

# A gauge or counter of the node's /metrics (sum over its series): metric NAME [FILTER]
metric() {
  curl -sf 127.0.0.1:9000/metrics | awk -v name="$1" -v filter="${2:-}" \
    'index($0, name) == 1 && substr($0, length(name) + 1, 1) ~ /[{ ]/ && index($0, filter) > 0 {s += $NF}
     END {printf "%.0f\n", s}'
}
