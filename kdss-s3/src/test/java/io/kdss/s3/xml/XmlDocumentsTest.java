package io.kdss.s3.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdss.s3.backend.BucketInfo;
import io.kdss.s3.backend.CompletedPart;
import io.kdss.s3.backend.ListPage;
import io.kdss.s3.backend.ListQuery;
import io.kdss.s3.backend.ObjectInfo;
import io.kdss.s3.backend.ObjectMeta;
import io.kdss.s3.cors.CorsConfiguration;
import io.kdss.s3.error.S3ErrorCode;
import io.kdss.s3.error.S3ErrorDocument;
import io.kdss.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request documents parse safely and within limits; response documents carry what clients read. */
class XmlDocumentsTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void externalEntitiesAndDtdsAreRefused() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<Delete><Object><Key>&x;</Key></Object></Delete>";
    assertCode(() -> DeleteRequest.parse(b(xxe)), S3ErrorCode.MalformedXML);
    String laughs = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
        + "<Delete><Object><Key>&b;</Key></Object></Delete>";
    assertCode(() -> DeleteRequest.parse(b(laughs)), S3ErrorCode.MalformedXML);
  }

  @Test
  void sizeDepthAndRootAreLimited() {
    assertCode(() -> SafeXmlReader.parse(new byte[100], 10, "Delete"), S3ErrorCode.MaxMessageLengthExceeded);
    assertCode(() -> SafeXmlReader.parse(new byte[0], 10, "Delete"), S3ErrorCode.MissingRequestBodyError);
    assertCode(() -> SafeXmlReader.parse(b("<a>" + "<b>".repeat(20) + "</b>".repeat(20) + "</a>"), 1000, "a"),
        S3ErrorCode.MalformedXML);
    assertCode(() -> DeleteRequest.parse(b("<Other/>")), S3ErrorCode.MalformedXML);
    assertCode(() -> DeleteRequest.parse(b("<Delete><Object><Key>a</Key>")), S3ErrorCode.MalformedXML);
  }

  @Test
  void deleteRequestKeepsKeysExactlyAndCountsThem() {
    DeleteRequest d = DeleteRequest.parse(b("<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
        + "<Object><Key> spaced &amp; &lt;odd&gt; </Key></Object><Object><Key>日本</Key><VersionId>null</VersionId></Object>"
        + "</Delete>"));
    assertThat(d.quiet()).isTrue();
    assertThat(d.keys()).containsExactly(" spaced & <odd> ", "日本");
    StringBuilder many = new StringBuilder("<Delete>");
    for (int i = 0; i < 1001; i++) {
      many.append("<Object><Key>k").append(i).append("</Key></Object>");
    }
    assertCode(() -> DeleteRequest.parse(b(many.append("</Delete>").toString())), S3ErrorCode.MalformedXML);
  }

  @Test
  void completeMultipartChecksOrder() {
    List<CompletedPart> parts = CompleteMultipartRequest.parse(b("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>"
        + "<ETag>\"aa\"</ETag></Part><Part><PartNumber>3</PartNumber><ETag>bb</ETag></Part></CompleteMultipartUpload>"));
    assertThat(parts).containsExactly(new CompletedPart(1, "aa"), new CompletedPart(3, "bb"));
    assertCode(() -> CompleteMultipartRequest.parse(b("<CompleteMultipartUpload><Part><PartNumber>2</PartNumber>"
        + "<ETag>a</ETag></Part><Part><PartNumber>1</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>")),
        S3ErrorCode.InvalidPartOrder);
  }

  @Test
  void taggingRoundTripsAndEnforcesLimits() {
    Map<String, String> tags = TagSet.parse(b(TagSet.write(Map.of("env", "prod & test"))), TagSet.MAX_OBJECT_TAGS);
    assertThat(tags).containsExactly(Map.entry("env", "prod & test"));
    assertCode(() -> TagSet.parse(b("<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key>"
        + "<Value>2</Value></Tag></TagSet></Tagging>"), 10), S3ErrorCode.InvalidTag);
    StringBuilder eleven = new StringBuilder("<Tagging><TagSet>");
    for (int i = 0; i < 11; i++) {
      eleven.append("<Tag><Key>k").append(i).append("</Key><Value/></Tag>");
    }
    assertCode(() -> TagSet.parse(b(eleven.append("</TagSet></Tagging>").toString()), 10), S3ErrorCode.InvalidTag);
  }

  @Test
  void corsRoundTripsAndRejectsBadRules() {
    String xml = "<CORSConfiguration><CORSRule><AllowedOrigin>https://*.example.com</AllowedOrigin>"
        + "<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader>"
        + "<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>";
    CorsConfiguration c = CorsXml.parse(b(xml));
    assertThat(CorsXml.parse(b(CorsXml.write(c)))).isEqualTo(c);
    assertCode(() -> CorsXml.parse(b(xml.replace("PUT", "PATCH"))), S3ErrorCode.InvalidRequest);
    assertCode(() -> CorsXml.parse(b(xml.replace("https://*.example.com", "*://*.x"))), S3ErrorCode.InvalidRequest);
    assertCode(() -> CorsXml.parse(b("<CORSConfiguration/>")), S3ErrorCode.MalformedXML);
  }

  @Test
  void createBucketLocationMustBeOurRegion() {
    CreateBucketRequest.check(new byte[0], "us-east-1");
    CreateBucketRequest.check(b("<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint>"
        + "</CreateBucketConfiguration>"), "eu-west-1");
    assertCode(() -> CreateBucketRequest.check(b("<CreateBucketConfiguration><LocationConstraint>eu-west-1"
        + "</LocationConstraint></CreateBucketConfiguration>"), "us-east-1"), S3ErrorCode.InvalidLocationConstraint);
  }

  @Test
  void listResultsEncodeKeysWhenAskedAndEscapeControlCharacters() {
    ObjectInfo o = new ObjectInfo("bkt", "a b/ü+\u0001", 5, "abc", Instant.parse("2024-01-01T00:00:00Z"), ObjectMeta.empty());
    ListPage page = new ListPage(List.of(o), List.of("p q/"), true, "a b/ü+\u0001");
    String plain = ListResultsXml.objectsV2("bkt", new ListQuery("", "/", "", 1), false, page, null, "tok", null, null);
    assertThat(plain).contains("<Key>a b/ü+&#x1;</Key>").contains("<KeyCount>2</KeyCount>")
        .contains("<NextContinuationToken>tok</NextContinuationToken>").contains("<ETag>&quot;abc&quot;</ETag>")
        .contains("<LastModified>2024-01-01T00:00:00.000Z</LastModified>").doesNotContain("Owner");
    String url = ListResultsXml.objectsV1("bkt", new ListQuery("p q", "/", "", 1), "m n", true, page, "a b", "alice");
    assertThat(url).contains("<Key>a%20b/%C3%BC%2B%01</Key>").contains("<Prefix>p%20q</Prefix>")
        .contains("<Marker>m%20n</Marker>").contains("<NextMarker>a%20b</NextMarker>")
        .contains("<EncodingType>url</EncodingType>").contains("<Prefix>p%20q/</Prefix>")
        .contains("<DisplayName>alice</DisplayName>");
    assertThat(ListResultsXml.buckets("alice", List.of(new BucketInfo("b1", Instant.EPOCH, "alice", "us-east-1"))))
        .contains("<Name>b1</Name><CreationDate>1970-01-01T00:00:00.000Z</CreationDate>")
        .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    assertThat(ListResultsXml.versions("bkt", new ListQuery("", null, "", 5), "", false, page, "alice"))
        .contains("<VersionId>null</VersionId><IsLatest>true</IsLatest>").contains("<NextKeyMarker>");
  }

  @Test
  void carriageReturnsInKeysSurviveAnXmlParser() throws Exception {
    String key = "a\rb\r\nc\td\ne";
    ObjectInfo o = new ObjectInfo("bkt", key, 5, "abc", Instant.parse("2024-01-01T00:00:00Z"), ObjectMeta.empty());
    String xml = ListResultsXml.objectsV2("bkt", new ListQuery("", null, "", 1), false,
        new ListPage(List.of(o), List.of(), false, null), null, null, null, null);
    assertThat(xml).contains("<Key>a&#xd;b&#xd;\nc\td\ne</Key>").doesNotContain("\r");
    assertThat(parse(xml).getElementsByTagName("Key").item(0).getTextContent()).isEqualTo(key);
    String attribute = XmlWriter.document("R").start("E", "v", "x\ty\nz\r\"&").finish();
    assertThat(attribute).contains("<E v=\"x&#x9;y&#xa;z&#xd;&quot;&amp;\"></E>");
    assertThat(((org.w3c.dom.Element) parse(attribute).getElementsByTagName("E").item(0)).getAttribute("v"))
        .isEqualTo("x\ty\nz\r\"&");
  }

  @Test
  void aclGranteeSaysItIsACanonicalUser() throws Exception {
    String xml = ObjectResultsXml.ownerOnlyAcl("alice");
    assertThat(xml).contains("<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">"
        + "<ID>alice</ID><DisplayName>alice</DisplayName></Grantee>");
    org.w3c.dom.Element grantee = (org.w3c.dom.Element) parse(xml).getElementsByTagName("Grantee").item(0);
    assertThat(grantee.getAttributeNS(ObjectResultsXml.XSI_NAMESPACE, "type")).isEqualTo("CanonicalUser");
  }

  private static org.w3c.dom.Document parse(String xml) throws Exception {
    var f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(b(xml)));
  }

  @Test
  void locationOfUsEast1IsEmpty() {
    assertThat(ObjectResultsXml.location("us-east-1")).endsWith("<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></LocationConstraint>");
    assertThat(ObjectResultsXml.location("eu-west-1")).contains(">eu-west-1</LocationConstraint>");
  }

  @Test
  void errorDocumentCarriesCodeMessageDetailsResourceAndIds() {
    String xml = S3ErrorDocument.render(new S3Exception(S3ErrorCode.NoSuchKey).detail("Key", "a<b"), "/bkt/a<b",
        "REQ1", "HOST1");
    assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
        + "<Message>The specified key does not exist.</Message><Key>a&lt;b</Key><Resource>/bkt/a&lt;b</Resource>"
        + "<RequestId>REQ1</RequestId><HostId>HOST1</HostId></Error>");
    assertThat(S3ErrorCode.RequestExpired.code()).isEqualTo("AccessDenied");
    assertThat(S3ErrorCode.XAmzContentSHA256Mismatch.code()).isEqualTo("XAmzContentSHA256Mismatch");
  }

  @Test
  void deleteResultListsOnlyFailuresWhenQuiet() {
    List<ObjectResultsXml.DeleteOutcome> outcomes = List.of(new ObjectResultsXml.DeleteOutcome("a", null),
        new ObjectResultsXml.DeleteOutcome("b", new S3Exception(S3ErrorCode.AccessDenied)));
    assertThat(ObjectResultsXml.deleted(outcomes, false)).contains("<Deleted><Key>a</Key></Deleted>")
        .contains("<Error><Key>b</Key><Code>AccessDenied</Code>");
    assertThat(ObjectResultsXml.deleted(outcomes, true)).doesNotContain("<Deleted>").contains("<Code>AccessDenied</Code>");
  }

  static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, S3ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
