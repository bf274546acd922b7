package io.kdss.policy;

import java.util.List;

/**
 * One key test of a Condition block, such as {@code "StringLike": {"s3:prefix": ["home/*"]}}:
 * the operator (with its optional {@code ForAnyValue:}/{@code ForAllValues:} qualifier and
 * {@code IfExists} suffix), the key, and the policy values (any one may match).
 *
 * <p>Missing key: false for positive operators, true for negated ones and with IfExists.
 * Multi-valued request keys: ForAllValues needs every request value to match (vacuously true
 * with none), ForAnyValue needs one; without a qualifier a positive operator needs one value to
 * match and a negated one needs none to.
 */
public record Condition(ConditionOperator operator, Qualifier qualifier, boolean ifExists, String key,
    List<String> values) {

  public enum Qualifier { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }

  public Condition {
    values = List.copyOf(values);
  }

  public boolean holds(PolicyRequest r) {
    List<String> requestValues = r.values(key);
    if (operator == ConditionOperator.Null) {
      boolean wantAbsent = values.stream().anyMatch(v -> v.equalsIgnoreCase("true"));
      return requestValues.isEmpty() == wantAbsent;
    }
    if (requestValues.isEmpty()) {
      return ifExists || qualifier == Qualifier.FOR_ALL_VALUES
          || operator.negated() && qualifier != Qualifier.FOR_ANY_VALUE;
    }
    boolean negated = operator.negated();
    return switch (qualifier) {
      case FOR_ALL_VALUES -> requestValues.stream().allMatch(v -> matchesAny(r, v) != negated);
      case FOR_ANY_VALUE -> requestValues.stream().anyMatch(v -> matchesAny(r, v) != negated);
      case NONE -> {
        boolean any = requestValues.stream().anyMatch(v -> matchesAny(r, v));
        yield negated != any;
      }
    };
  }

  private boolean matchesAny(PolicyRequest r, String requestValue) {
    for (String policyValue : values) {
      if (operator.positiveMatch(requestValue, PolicyVariables.substitute(policyValue, r))) {
        return true;
      }
    }
    return false;
  }
}
