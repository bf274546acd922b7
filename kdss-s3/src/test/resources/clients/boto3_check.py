"""boto3 (botocore's own SigV4 signer) against a running KDSS gateway; prints one OK line per check.

usage: python3 boto3_check.py ENDPOINT ACCESS_KEY SECRET_KEY
"""
import hashlib
import os
import sys
import urllib.request

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, access, secret = sys.argv[1:4]
s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access, aws_secret_access_key=secret,
                  region_name="us-east-1", config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                                retries={"max_attempts": 1}))

s3.create_bucket(Bucket="boto")
body = os.urandom(1_000_003)
s3.put_object(Bucket="boto", Key="dir/small file+ü.bin", Body=body, Metadata={"k": "v"})
got = s3.get_object(Bucket="boto", Key="dir/small file+ü.bin")
assert got["Body"].read() == body, "body differs"
assert got["Metadata"] == {"k": "v"}, got["Metadata"]
assert got["ETag"] == '"%s"' % hashlib.md5(body).hexdigest()
print("OK put/get")

big = os.urandom(12 * 1024 * 1024 + 5)
path = "/tmp/kdss-boto3-big.bin"
with open(path, "wb") as f:
    f.write(big)
s3.upload_file(path, "boto", "big", Config=TransferConfig(multipart_threshold=5 * 1024 * 1024,
                                                          multipart_chunksize=5 * 1024 * 1024))
os.remove(path)
head = s3.head_object(Bucket="boto", Key="big")
assert head["ContentLength"] == len(big)
assert head["ETag"].endswith('-3"'), head["ETag"]
assert s3.get_object(Bucket="boto", Key="big", Range="bytes=5242880-5242889")["Body"].read() == big[5242880:5242890]
print("OK multipart upload_file")

keys = [o["Key"] for o in s3.list_objects_v2(Bucket="boto", Prefix="dir/", Delimiter="/")["Contents"]]
assert keys == ["dir/small file+ü.bin"], keys
print("OK list")

url = s3.generate_presigned_url("get_object", Params={"Bucket": "boto", "Key": "dir/small file+ü.bin"}, ExpiresIn=60)
assert urllib.request.urlopen(url).read() == body
print("OK presigned")

s3.copy_object(Bucket="boto", Key="copy", CopySource={"Bucket": "boto", "Key": "big"})
res = s3.delete_objects(Bucket="boto", Delete={"Objects": [{"Key": "copy"}, {"Key": "big"}]})
assert len(res["Deleted"]) == 2, res
print("OK copy/delete_objects")

try:
    s3.get_object(Bucket="boto", Key="big")
    raise AssertionError("deleted object still readable")
except ClientError as e:
    assert e.response["Error"]["Code"] == "NoSuchKey", e.response
print("OK errors")
