package io.kdss.policy;

import java.util.List;

/**
 * Policy variables in Resource and condition values: {@code ${aws:username}} and any other
 * single-valued request key; {@code ${*}}, {@code ${?}}, {@code ${$}} stand for the literal
 * characters. A variable the request lacks leaves the text unmatchable, as AWS does.
 */
final class PolicyVariables {

  /** Replaces an unresolvable variable: a character no key, resource or value contains. */
  private static final String UNRESOLVED = "\u0000";

  private PolicyVariables() {
  }

  static String substitute(String text, PolicyRequest r) {
    int start = text.indexOf("${");
    if (start < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int pos = 0;
    while (start >= 0) {
      int end = text.indexOf('}', start);
      if (end < 0) {
        break;
      }
      out.append(text, pos, start);
      String name = text.substring(start + 2, end);
      switch (name) {
        case "*", "?", "$" -> out.append(name);
        default -> {
          List<String> v = r.values(name);
          out.append(v.size() == 1 ? v.get(0) : UNRESOLVED);
        }
      }
      pos = end + 1;
      start = text.indexOf("${", pos);
    }
    out.append(text.substring(pos));
    return out.toString();
  }
}
