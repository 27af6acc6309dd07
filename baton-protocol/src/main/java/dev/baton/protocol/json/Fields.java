package dev.baton.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Ids;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, checked access to the fields of a JSON object; a bad field throws {@link FieldProblem}.
 */
final class Fields {

  private final JsonNode node;
  private final String where;

  Fields(JsonNode node, String where) {
    this.node = node;
    this.where = where;
  }

  String where() {
    return where;
  }

  boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  JsonNode node(String field) {
    return node.get(field);
  }

  String requiredId(String field) {
    String value = requiredString(field);
    if (!Ids.isValid(value)) {
      throw new FieldProblem(where + field + " '" + value + "' does not match " + Ids.PATTERN);
    }
    return value;
  }

  String requiredString(String field) {
    if (!has(field)) {
      throw new FieldProblem(where + field + " is required");
    }
    return string(field, null);
  }

  String string(String field, String fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode value = node.get(field);
    if (!value.isTextual()) {
      throw new FieldProblem(where + field + " must be a string");
    }
    return value.textValue();
  }

  /** Any JSON value as text: a string as is, anything else as its JSON. */
  String text(String field) {
    if (!has(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    return value.isTextual() ? value.textValue() : value.toString();
  }

  int requiredInt(String field) {
    if (!has(field)) {
      throw new FieldProblem(where + field + " is required");
    }
    return intValue(field, 0);
  }

  int intValue(String field, int fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode value = node.get(field);
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new FieldProblem(where + field + " must be an integer");
    }
    return value.intValue();
  }

  Integer optionalInt(String field) {
    return has(field) ? intValue(field, 0) : null;
  }

  long longValue(String field, long fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new FieldProblem(where + field + " must be an integer");
    }
    return value.longValue();
  }

  Long optionalLong(String field) {
    return has(field) ? longValue(field, 0) : null;
  }

  double doubleValue(String field, double fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode value = node.get(field);
    if (!value.isNumber()) {
      throw new FieldProblem(where + field + " must be a number");
    }
    return value.doubleValue();
  }

  boolean bool(String field, boolean fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode value = node.get(field);
    if (!value.isBoolean()) {
      throw new FieldProblem(where + field + " must be true or false");
    }
    return value.booleanValue();
  }

  List<String> strings(String field) {
    List<String> values = new ArrayList<>();
    if (!has(field)) {
      return values;
    }
    JsonNode array = node.get(field);
    if (!array.isArray()) {
      throw new FieldProblem(where + field + " must be an array of strings");
    }
    for (JsonNode value : array) {
      if (!value.isTextual()) {
        throw new FieldProblem(where + field + " must be an array of strings");
      }
      values.add(value.textValue());
    }
    return values;
  }
}
