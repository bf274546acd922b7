package io.kdss.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Policy evaluation table: one row per rule of the grammar. Each row is one statement (the
 * Effect, Principal, Action, Resource and Condition parts in JSON, single quotes for double),
 * a request (caller, action, key, condition keys as k=v;k=v2) and the decision.
 * Caller "-" is anonymous; "alice" has key AKIDALICE, "bob" AKIDBOB.
 */
class BucketPolicyTest {

  private static final String BUCKET = "bkt";

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "principal * allows anonymous|'Principal':'*','Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/*'|-|s3:GetObject|k|-|ALLOW",
      "no applicable statement is implicit deny|'Principal':'*','Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/*'|-|s3:PutObject|k|-|IMPLICIT_DENY",
      "principal AWS * allows anonymous|'Principal':{'AWS':'*'},'Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/*'|-|s3:GetObject|k|-|ALLOW",
      "user ARN matches that user|'Principal':{'AWS':'arn:aws:iam::123456789012:user/alice'},'Action':'s3:*','Resource':'*'|alice|s3:GetObject|k|-|ALLOW",
      "user ARN does not match another|'Principal':{'AWS':'arn:aws:iam::123456789012:user/alice'},'Action':'s3:*','Resource':'*'|bob|s3:GetObject|k|-|IMPLICIT_DENY",
      "user ARN with a path|'Principal':{'AWS':'arn:aws:iam::*:user/team/alice'},'Action':'s3:*','Resource':'*'|alice|s3:GetObject|k|-|ALLOW",
      "user ARN never matches anonymous|'Principal':{'AWS':'arn:aws:iam::1:user/alice'},'Action':'s3:*','Resource':'*'|-|s3:GetObject|k|-|IMPLICIT_DENY",
      "plain user name|'Principal':{'AWS':['carol','bob']},'Action':'s3:*','Resource':'*'|bob|s3:GetObject|k|-|ALLOW",
      "plain access key id|'Principal':{'AWS':'AKIDBOB'},'Action':'s3:*','Resource':'*'|bob|s3:GetObject|k|-|ALLOW",
      "account root is every authenticated user|'Principal':{'AWS':'arn:aws:iam::123456789012:root'},'Action':'s3:*','Resource':'*'|bob|s3:GetObject|k|-|ALLOW",
      "account root is not anonymous|'Principal':{'AWS':'123456789012'},'Action':'s3:*','Resource':'*'|-|s3:GetObject|k|-|IMPLICIT_DENY",
      "action wildcard *|'Principal':'*','Action':'s3:Get*','Resource':'*'|-|s3:GetObjectTagging|k|-|ALLOW",
      "action wildcard ?|'Principal':'*','Action':'s3:?etObject','Resource':'*'|-|s3:GetObject|k|-|ALLOW",
      "action ignores case|'Principal':'*','Action':'S3:getobject','Resource':'*'|-|s3:GetObject|k|-|ALLOW",
      "action list|'Principal':'*','Action':['s3:PutObject','s3:GetObject'],'Resource':'*'|-|s3:GetObject|k|-|ALLOW",
      "NotAction applies to other actions|'Principal':'*','NotAction':'s3:GetObject','Resource':'*'|-|s3:PutObject|k|-|ALLOW",
      "NotAction skips the listed action|'Principal':'*','NotAction':'s3:GetObject','Resource':'*'|-|s3:GetObject|k|-|IMPLICIT_DENY",
      "resource wildcard spans slashes|'Principal':'*','Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/public/*'|-|s3:GetObject|public/a/b.txt|-|ALLOW",
      "resource outside the pattern|'Principal':'*','Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/public/*'|-|s3:GetObject|private/x|-|IMPLICIT_DENY",
      "resource is case-sensitive|'Principal':'*','Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/Public/*'|-|s3:GetObject|public/x|-|IMPLICIT_DENY",
      "resource ? wildcard|'Principal':'*','Action':'s3:GetObject','Resource':'arn:aws:s3:::bkt/f?le'|-|s3:GetObject|file|-|ALLOW",
      "bucket ARN for bucket actions|'Principal':'*','Action':'s3:ListBucket','Resource':'arn:aws:s3:::bkt'|-|s3:ListBucket|-|-|ALLOW",
      "object ARN does not cover the bucket|'Principal':'*','Action':'s3:ListBucket','Resource':'arn:aws:s3:::bkt/*'|-|s3:ListBucket|-|-|IMPLICIT_DENY",
      "NotResource|'Principal':'*','Action':'s3:GetObject','NotResource':'arn:aws:s3:::bkt/secret/*'|-|s3:GetObject|open/x|-|ALLOW",
      "NotResource skips the listed|'Principal':'*','Action':'s3:GetObject','NotResource':'arn:aws:s3:::bkt/secret/*'|-|s3:GetObject|secret/x|-|IMPLICIT_DENY",
      "StringEquals s3:prefix|'Principal':'*','Action':'s3:ListBucket','Resource':'arn:aws:s3:::bkt','Condition':{'StringEquals':{'s3:prefix':['a/','b/']}}|-|s3:ListBucket|-|s3:prefix=b/|ALLOW",
      "StringEquals fails on another value|'Principal':'*','Action':'s3:ListBucket','Resource':'arn:aws:s3:::bkt','Condition':{'StringEquals':{'s3:prefix':'a/'}}|-|s3:ListBucket|-|s3:prefix=c/|IMPLICIT_DENY",
      "StringEquals fails on a missing key|'Principal':'*','Action':'s3:ListBucket','Resource':'arn:aws:s3:::bkt','Condition':{'StringEquals':{'s3:prefix':'a/'}}|-|s3:ListBucket|-|-|IMPLICIT_DENY",
      "StringNotEquals|'Principal':'*','Action':'s3:ListBucket','Resource':'arn:aws:s3:::bkt','Condition':{'StringNotEquals':{'s3:delimiter':'/'}}|-|s3:ListBucket|-|s3:delimiter=#|ALLOW",
      "StringNotEquals on a missing key holds|'Principal':'*','Action':'s3:ListBucket','Resource':'arn:aws:s3:::bkt','Condition':{'StringNotEquals':{'s3:delimiter':'/'}}|-|s3:ListBucket|-|-|ALLOW",
      "StringEqualsIgnoreCase|'Principal':'*','Action':'s3:ListBucket','Resource':'*','Condition':{'StringEqualsIgnoreCase':{'s3:prefix':'ABC'}}|-|s3:ListBucket|-|s3:prefix=abc|ALLOW",
      "StringLike|'Principal':'*','Action':'s3:ListBucket','Resource':'*','Condition':{'StringLike':{'s3:prefix':'home/*'}}|-|s3:ListBucket|-|s3:prefix=home/alice/|ALLOW",
      "StringNotLike|'Principal':'*','Action':'s3:ListBucket','Resource':'*','Condition':{'StringNotLike':{'s3:prefix':'home/*'}}|-|s3:ListBucket|-|s3:prefix=home/alice/|IMPLICIT_DENY",
      "IpAddress v4 CIDR|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'10.1.0.0/16'}}|-|s3:GetObject|k|aws:SourceIp=10.1.2.3|ALLOW",
      "IpAddress outside|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'10.1.0.0/16'}}|-|s3:GetObject|k|aws:SourceIp=10.2.0.1|IMPLICIT_DENY",
      "IpAddress v6 CIDR|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'2001:db8::/32'}}|-|s3:GetObject|k|aws:SourceIp=2001:db8:1::5|ALLOW",
      "NotIpAddress|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'NotIpAddress':{'aws:SourceIp':['10.0.0.0/8','127.0.0.1']}}|-|s3:GetObject|k|aws:SourceIp=127.0.0.1|IMPLICIT_DENY",
      "Bool aws:SecureTransport|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'Bool':{'aws:SecureTransport':'false'}}|-|s3:GetObject|k|aws:SecureTransport=false|ALLOW",
      "Bool as a JSON boolean|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'Bool':{'aws:SecureTransport':true}}|-|s3:GetObject|k|aws:SecureTransport=false|IMPLICIT_DENY",
      "s3:x-amz-acl|'Principal':'*','Action':'s3:PutObject','Resource':'*','Condition':{'StringEquals':{'s3:x-amz-acl':'bucket-owner-full-control'}}|bob|s3:PutObject|k|s3:x-amz-acl=bucket-owner-full-control|ALLOW",
      "NumericLessThanEquals s3:max-keys|'Principal':'*','Action':'s3:ListBucket','Resource':'*','Condition':{'NumericLessThanEquals':{'s3:max-keys':'100'}}|-|s3:ListBucket|-|s3:max-keys=100|ALLOW",
      "NumericGreaterThan s3:max-keys|'Principal':'*','Action':'s3:ListBucket','Resource':'*','Condition':{'NumericGreaterThan':{'s3:max-keys':100}}|-|s3:ListBucket|-|s3:max-keys=100|IMPLICIT_DENY",
      "aws:username key|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'StringEquals':{'aws:username':'alice'}}|alice|s3:GetObject|k|-|ALLOW",
      "aws:userid key|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'StringEquals':{'aws:userid':'AKIDALICE'}}|alice|s3:GetObject|k|-|ALLOW",
      "policy variable in Resource|'Principal':{'AWS':'*'},'Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username}/*'|alice|s3:GetObject|home/alice/x|-|ALLOW",
      "policy variable for someone else|'Principal':{'AWS':'*'},'Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username}/*'|bob|s3:GetObject|home/alice/x|-|IMPLICIT_DENY",
      "policy variable without a user|'Principal':'*','Action':'s3:*','Resource':'arn:aws:s3:::bkt/home/${aws:username}/*'|-|s3:GetObject|home//x|-|IMPLICIT_DENY",
      "ForAnyValue one of several|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'ForAnyValue:StringEquals':{'aws:TagKeys':['a','b']}}|-|s3:GetObject|k|aws:TagKeys=x;aws:TagKeys=b|ALLOW",
      "ForAnyValue on a missing key|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'ForAnyValue:StringEquals':{'aws:TagKeys':['a']}}|-|s3:GetObject|k|-|IMPLICIT_DENY",
      "ForAllValues all listed|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'ForAllValues:StringEquals':{'aws:TagKeys':['a','b']}}|-|s3:GetObject|k|aws:TagKeys=a;aws:TagKeys=b|ALLOW",
      "ForAllValues one unlisted|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'ForAllValues:StringEquals':{'aws:TagKeys':['a','b']}}|-|s3:GetObject|k|aws:TagKeys=a;aws:TagKeys=c|IMPLICIT_DENY",
      "ForAllValues on a missing key holds|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'ForAllValues:StringEquals':{'aws:TagKeys':['a']}}|-|s3:GetObject|k|-|ALLOW",
      "IfExists on a missing key holds|'Principal':'*','Action':'s3:ListBucket','Resource':'*','Condition':{'StringEqualsIfExists':{'s3:prefix':'a/'}}|-|s3:ListBucket|-|-|ALLOW",
      "IfExists on a present key tests it|'Principal':'*','Action':'s3:ListBucket','Resource':'*','Condition':{'StringEqualsIfExists':{'s3:prefix':'a/'}}|-|s3:ListBucket|-|s3:prefix=b/|IMPLICIT_DENY",
      "Null true means absent|'Principal':'*','Action':'s3:ListBucket','Resource':'*','Condition':{'Null':{'s3:prefix':'true'}}|-|s3:ListBucket|-|-|ALLOW",
      "Null false means present|'Principal':'*','Action':'s3:ListBucket','Resource':'*','Condition':{'Null':{'s3:prefix':'false'}}|-|s3:ListBucket|-|-|IMPLICIT_DENY",
      "condition keys ignore case|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'Bool':{'AWS:securetransport':'true'}}|-|s3:GetObject|k|aws:SecureTransport=true|ALLOW",
      "operators and keys are ANDed|'Principal':'*','Action':'s3:ListBucket','Resource':'*','Condition':{'StringLike':{'s3:prefix':'a*'},'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}|-|s3:ListBucket|-|s3:prefix=ab;aws:SourceIp=11.0.0.1|IMPLICIT_DENY",
      "DateLessThan aws:CurrentTime|'Principal':'*','Action':'s3:GetObject','Resource':'*','Condition':{'DateLessThan':{'aws:CurrentTime':'2030-01-01T00:00:00Z'}}|-|s3:GetObject|k|aws:CurrentTime=2026-01-01T00:00:00Z|ALLOW"})
  void oneStatement(String rule, String statement, String caller, String action, String key, String keys, Decision expected) {
    String json = "{'Version':'2012-10-17','Statement':[{'Effect':'Allow'," + statement + "}]}";
    BucketPolicy p = PolicyParser.parse(json.replace('\'', '"'), BUCKET);
    assertThat(p.evaluate(request(caller, action, key, keys))).as(rule).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "explicit deny beats allow|Allow|Deny|DENY",
      "two allows allow|Allow|Allow|ALLOW",
      "deny alone denies|Deny|Deny|DENY"})
  void denyBeatsAllow(String rule, String first, String second, Decision expected) {
    String json = "{'Statement':[{'Sid':'one','Effect':'" + first + "','Principal':'*','Action':'s3:*','Resource':'*'},"
        + "{'Sid':'two','Effect':'" + second + "','Principal':{'AWS':'bob'},'Action':'s3:GetObject',"
        + "'Resource':'arn:aws:s3:::bkt/*'}]}";
    BucketPolicy p = PolicyParser.parse(json.replace('\'', '"'), BUCKET);
    assertThat(p.evaluate(request("bob", "s3:GetObject", "k", null))).as(rule).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "[1]|Policies must be valid JSON and the first byte must be '{'",
      "{'Statement':|This policy contains invalid Json",
      "{'Version':'2012-10-17'}|Missing required field Statement",
      "{'Version':'2001-01-01','Statement':{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'}}|Invalid policy version",
      "{'Statement':{'Principal':'*','Action':'s3:*','Resource':'*'}}|Missing required field Effect",
      "{'Statement':{'Effect':'Maybe','Principal':'*','Action':'s3:*','Resource':'*'}}|Invalid effect: Maybe",
      "{'Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*'}}|Missing required field Principal",
      "{'Statement':{'Effect':'Allow','Principal':'alice','Action':'s3:*','Resource':'*'}}|Invalid principal in policy",
      "{'Statement':{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::1:group/x'},'Action':'s3:*','Resource':'*'}}|Invalid principal in policy",
      "{'Statement':{'Effect':'Allow','Principal':'*','Resource':'*'}}|Missing required field Action",
      "{'Statement':{'Effect':'Allow','Principal':'*','Action':'s3:*','NotAction':'s3:Get*','Resource':'*'}}|Statement cannot have both Action and NotAction",
      "{'Statement':{'Effect':'Allow','Principal':'*','Action':'iam:CreateUser','Resource':'*'}}|Policy has invalid action: iam:CreateUser",
      "{'Statement':{'Effect':'Allow','Principal':'*','Action':'s3:*'}}|Missing required field Resource",
      "{'Statement':{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'arn:aws:s3:::other/*'}}|Policy has invalid resource",
      "{'Statement':{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'bkt/*'}}|Policy has invalid resource",
      "{'Statement':{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*','Extra':1}}|Unknown field Extra",
      "{'Statement':{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*','Condition':{'StringSortOf':{'s3:prefix':'a'}}}}|Invalid Condition type : StringSortOf",
      "{'Statement':{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/99'}}}}|is not an IP address or CIDR block",
      "{'Statement':{'Effect':'Allow','Principal':'*','Action':[],'Resource':'*'}}|Action must be a string or a non-empty list",
      "{'Statement':[{'Sid':'a','Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'},{'Sid':'a','Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'*'}]}|must be unique"})
  void malformedPoliciesSayWhy(String json, String reason) {
    assertThatThrownBy(() -> PolicyParser.parse(json.replace('\'', '"'), BUCKET))
        .isInstanceOfSatisfying(MalformedPolicyException.class, e -> assertThat(e.getMessage()).contains(reason));
  }

  static PolicyRequest request(String caller, String action, String key, String keys) {
    Map<String, List<String>> k = new HashMap<>();
    if (keys != null && !keys.equals("-")) {
      for (String kv : keys.split(";")) {
        int eq = kv.indexOf('=');
        k.computeIfAbsent(kv.substring(0, eq), x -> new java.util.ArrayList<>()).add(kv.substring(eq + 1));
      }
    }
    String user = "-".equals(caller) ? null : caller;
    String resource = key == null || key.equals("-") ? PolicyRequest.bucketArn(BUCKET) : PolicyRequest.objectArn(BUCKET, key);
    return new PolicyRequest(user, user == null ? null : "AKID" + user.toUpperCase(java.util.Locale.ROOT), action,
        resource, k);
  }
}
