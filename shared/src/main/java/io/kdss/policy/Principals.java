package io.kdss.policy;

import java.util.List;

/**
 * A statement's Principal: {@code "*"} (everyone, anonymous included) or the AWS principals
 * listed, each {@code *}, a user ARN {@code arn:aws:iam::ACCOUNT:user/NAME}, an account
 * ({@code arn:aws:iam::ACCOUNT:root} or a 12-digit id: every authenticated user of KDSS's one
 * account), or a plain user name or access key id.
 */
public record Principals(boolean everyone, List<String> aws) {

  public Principals {
    aws = List.copyOf(aws);
  }

  public boolean matches(PolicyRequest r) {
    if (everyone) {
      return true;
    }
    for (String p : aws) {
      if (p.equals("*")) {
        return true;
      }
      if (r.anonymous()) {
        continue;
      }
      if (p.startsWith("arn:aws:iam::")) {
        String rest = p.substring("arn:aws:iam::".length());
        int colon = rest.indexOf(':');
        String resource = colon < 0 ? "" : rest.substring(colon + 1);
        if (resource.equals("root")) {
          return true;
        }
        if (resource.startsWith("user/") && userNameOf(resource).equals(r.userName())) {
          return true;
        }
      } else if (p.matches("\\d{12}")) {
        return true;
      } else if (p.equals(r.userName()) || p.equals(r.accessKeyId())) {
        return true;
      }
    }
    return false;
  }

  /** {@code user/path/NAME} names NAME. */
  private static String userNameOf(String resource) {
    return resource.substring(resource.lastIndexOf('/') + 1);
  }
}
