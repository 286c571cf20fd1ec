package io.linkgate.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Strict reading of a JSON request body: each getter names the offending field in a 400 problem and
 * never echoes the value (it may be personal data).
 */
public final class JsonBody {

  private final JsonObject json;
  private final String prefix;

  private JsonBody(JsonObject json, String prefix) {
    this.json = json;
    this.prefix = prefix;
  }

  public static JsonBody of(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw Problems.UNSUPPORTED_MEDIA_TYPE.exception("The request body must be application/json.");
    }
    JsonObject json;
    try {
      json = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw Problems.BAD_REQUEST.exception("The request body is not a JSON object.");
    }
    if (json == null) {
      throw Problems.BAD_REQUEST.exception("The request body is empty; a JSON object is required.");
    }
    return new JsonBody(json, "");
  }

  public static JsonBody wrap(JsonObject json) {
    return new JsonBody(json, "");
  }

  public JsonObject raw() {
    return json;
  }

  private String name(String field) {
    return prefix + field;
  }

  private ProblemException bad(String field, String why) {
    return Problems.BAD_REQUEST.exception("Field '" + name(field) + "' " + why + ".").with("field", name(field));
  }

  public boolean has(String field) {
    return json.getValue(field) != null;
  }

  /** Refuses a member not in {@code fields} (a misspelt field would otherwise be ignored silently). */
  public JsonBody only(Set<String> fields) {
    for (String name : json.fieldNames()) {
      if (!fields.contains(name)) {
        String shown = name.length() > 64 ? name.substring(0, 64) : name;
        throw bad(shown, "is not known here; known: " + String.join(", ", new TreeSet<>(fields)));
      }
    }
    return this;
  }

  public JsonBody object(String field) {
    Object v = json.getValue(field);
    if (!(v instanceof JsonObject o)) {
      throw bad(field, v == null ? "is required" : "must be an object");
    }
    return new JsonBody(o, name(field) + ".");
  }

  public String string(String field, int maxLength) {
    Object v = json.getValue(field);
    if (v == null) {
      throw bad(field, "is required");
    }
    if (!(v instanceof String s)) {
      throw bad(field, "must be a string");
    }
    if (s.isEmpty()) {
      throw bad(field, "must not be empty");
    }
    if (s.length() > maxLength) {
      throw bad(field, "is longer than " + maxLength + " characters");
    }
    if (s.indexOf('\u0000') >= 0) {
      throw bad(field, "must not contain a NUL character");
    }
    return s;
  }

  public String optionalString(String field, int maxLength) {
    return has(field) ? string(field, maxLength) : null;
  }

  public String matching(String field, Pattern pattern, String expected) {
    String s = string(field, 512);
    if (!pattern.matcher(s).matches()) {
      throw bad(field, "must be " + expected);
    }
    return s;
  }

  public byte[] base64(String field, int maxBytes) {
    String s = string(field, maxBytes * 2 + 8);
    try {
      byte[] bytes = Base64.getDecoder().decode(s);
      if (bytes.length > maxBytes) {
        throw bad(field, "is longer than " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw bad(field, "must be base64");
    }
  }

  /** An ISO date ({@code 2031-05-01}), or {@code null} when the field is absent or null. */
  public LocalDate optionalDate(String field) {
    if (!has(field)) {
      return null;
    }
    try {
      return LocalDate.parse(string(field, 10));
    } catch (DateTimeParseException e) {
      throw bad(field, "must be a date such as 2031-05-01");
    }
  }

  public int integer(String field, int min, int max) {
    Object v = json.getValue(field);
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw bad(field, v == null ? "is required" : "must be a whole number");
    }
    // a number beyond a long arrives as a BigInteger (or BigDecimal), whose longValue() keeps only the low 64 bits
    boolean beyondLong = (n instanceof BigInteger || n instanceof BigDecimal)
        && new BigDecimal(n.toString()).abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0;
    long value = n.longValue();
    if (beyondLong || value < min || value > max) {
      throw bad(field, "must be between " + min + " and " + max);
    }
    return (int) value;
  }

  /** A number between {@code min} and {@code max}, inclusive. */
  public double decimal(String field, double min, double max) {
    Object v = json.getValue(field);
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw bad(field, v == null ? "is required" : "must be a number");
    }
    double value = n.doubleValue();
    if (value < min || value > max) {
      throw bad(field, "must be between " + plain(min) + " and " + plain(max));
    }
    return value;
  }

  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  public boolean bool(String field, boolean fallback) {
    Object v = json.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw bad(field, "must be true or false");
    }
    return b;
  }

  public List<String> strings(String field, int maxItems, int maxLength) {
    Object v = json.getValue(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray array)) {
      throw bad(field, "must be an array of strings");
    }
    if (array.size() > maxItems) {
      throw bad(field, "has more than " + maxItems + " items");
    }
    List<String> result = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s) || s.isEmpty() || s.length() > maxLength || s.indexOf('\u0000') >= 0) {
        throw bad(field, "must contain non-empty strings of at most " + maxLength + " characters, without NUL characters");
      }
      result.add(s);
    }
    return List.copyOf(result);
  }

  /** A citizen ID field: 13 digits with a valid check digit. */
  public String citizenId(String field) {
    String s = string(field, 13);
    String problem = io.linkgate.citizen.CitizenId.problem(s);
    if (problem != null) {
      throw bad(field, problem);
    }
    return s;
  }
}
