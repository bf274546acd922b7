package io.kdss.s3.handler;

/** {@code Expect: 100-continue}: answered only once the request is known to be acceptable. */
final class Continue {

  private Continue() {
  }

  static void sendIfExpected(S3Exchange x) {
    String expect = x.request().header("expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue") && !x.response().headWritten()) {
      x.response().writeContinue();
    }
  }
}
