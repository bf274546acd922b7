package io.kdss.policy;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Parses a statement's Condition block: {@code {"[Qualifier:]Operator[IfExists]": {"key": value(s)}}}. */
final class ConditionParser {

  private ConditionParser() {
  }

  static List<Condition> parse(Object block) {
    List<Condition> out = new ArrayList<>();
    if (block == null) {
      return out;
    }
    if (!(block instanceof JsonObject o)) {
      throw PolicyParser.malformed("Condition must be a JSON object");
    }
    for (String name : o.fieldNames()) {
      Condition.Qualifier qualifier = Condition.Qualifier.NONE;
      String op = name;
      if (op.startsWith("ForAnyValue:")) {
        qualifier = Condition.Qualifier.FOR_ANY_VALUE;
        op = op.substring("ForAnyValue:".length());
      } else if (op.startsWith("ForAllValues:")) {
        qualifier = Condition.Qualifier.FOR_ALL_VALUES;
        op = op.substring("ForAllValues:".length());
      }
      boolean ifExists = op.endsWith("IfExists");
      if (ifExists) {
        op = op.substring(0, op.length() - "IfExists".length());
      }
      ConditionOperator operator = ConditionOperator.of(op);
      if (operator == null || ifExists && operator == ConditionOperator.Null) {
        throw PolicyParser.malformed("Invalid Condition type : " + name);
      }
      if (!(o.getValue(name) instanceof JsonObject keys) || keys.isEmpty()) {
        throw PolicyParser.malformed("Condition " + name + " must map condition keys to values");
      }
      for (String key : keys.fieldNames()) {
        List<String> values = values(keys.getValue(key), name + "." + key);
        for (String v : values) {
          String problem = v.contains("${") ? null : operator.problem(v);
          if (problem != null) {
            throw PolicyParser.malformed("Invalid value in Condition " + name + " for " + key + ": " + problem);
          }
        }
        out.add(new Condition(operator, qualifier, ifExists, key, values));
      }
    }
    return out;
  }

  /** Condition values may also be JSON booleans and numbers. */
  private static List<String> values(Object v, String field) {
    if (v instanceof Boolean || v instanceof Number) {
      return List.of(String.valueOf(v));
    }
    if (v instanceof io.vertx.core.json.JsonArray a) {
      List<String> out = new ArrayList<>();
      for (Object x : a) {
        if (x instanceof String || x instanceof Boolean || x instanceof Number) {
          out.add(String.valueOf(x));
        } else {
          throw PolicyParser.malformed(field + " values must be strings, numbers or booleans");
        }
      }
      if (out.isEmpty()) {
        throw PolicyParser.malformed(field + " must not be empty");
      }
      return out;
    }
    return PolicyParser.strings(v, field);
  }
}
