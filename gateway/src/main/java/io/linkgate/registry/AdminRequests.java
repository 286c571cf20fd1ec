package io.linkgate.registry;

import io.linkgate.http.ProblemException;
import io.linkgate.http.Problems;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/** What the admin resources share: codes and ids from paths and queries, paging cursors, problems. */
final class AdminRequests {

  static final Pattern AGENCY = Pattern.compile("[A-Z0-9][A-Z0-9_-]{1,31}");
  static final Pattern SERVICE = Pattern.compile("[A-Z0-9][A-Z0-9_.-]{1,39}");
  static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{2,63}");
  static final String AGENCY_EXPECTED = "an agency code such as DEMO (2 to 32 of A-Z, 0-9, '_', '-')";
  static final String SERVICE_EXPECTED = "a service code such as NC-CIVILREG (2 to 40 of A-Z, 0-9, '_', '.', '-')";
  private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private AdminRequests() {
  }

  /** The {@code :code} path parameter as an agency code; a malformed one names no agency (404). */
  static String agencyPath(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    if (code == null || !AGENCY.matcher(code).matches()) {
      throw notFound("No agency " + printable(code) + ".");
    }
    return code;
  }

  /** A path parameter that must be a UUID; anything else names nothing (404). */
  static UUID uuidPath(RoutingContext ctx, String name, String what) {
    String text = ctx.pathParam(name);
    if (text == null || !UUID_TEXT.matcher(text).matches()) {
      throw notFound("No " + what + " with this id.");
    }
    return UUID.fromString(text);
  }

  static ProblemException notFound(String detail) {
    return Problems.NOT_FOUND.exception(detail);
  }

  static ProblemException bad(String field, String detail) {
    return Problems.BAD_REQUEST.exception(detail).with("field", field);
  }

  /** A unique-key violation becomes 409 with {@code detail}; anything else passes through. */
  static Throwable conflict(Throwable e, String detail) {
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return AdminRoutes.CONFLICT.exception(detail);
    }
    return e;
  }

  static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw bad(field, "'" + field + "' must be one of " + Arrays.toString(type.getEnumConstants()) + ".");
    }
  }

  // -- query parameters ----------------------------------------------------------------------------

  static String query(RoutingContext ctx, String name, Pattern pattern, String expected) {
    String v = ctx.request().getParam(name);
    if (v != null && !pattern.matcher(v).matches()) {
      throw bad(name, "Parameter '" + name + "' must be " + expected + ".");
    }
    return v;
  }

  static Boolean queryBool(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      return null;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(name, "Parameter '" + name + "' must be true or false.");
    };
  }

  static int limit(RoutingContext ctx, int fallback, int max) {
    String text = ctx.request().getParam("limit");
    if (text == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw bad("limit", "Parameter 'limit' must be between 1 and " + max + ".");
  }

  // -- keyset paging -------------------------------------------------------------------------------

  /** An opaque cursor holding the sort key of the last item of a page. */
  static String cursor(Object... key) {
    JsonArray parts = new JsonArray();
    for (Object k : key) {
      parts.add(k == null ? null : k.toString());
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(parts.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** The sort key in the {@code cursor} parameter ({@code parts} strings), or {@code null} when absent. */
  static List<String> cursor(RoutingContext ctx, int parts) {
    String text = ctx.request().getParam("cursor");
    if (text == null) {
      return null;
    }
    try {
      JsonArray array = new JsonArray(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
      if (array.size() == parts) {
        List<String> key = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
          key.add(array.getString(i));
        }
        if (!key.contains(null)) { // every sort key the API gives out is set: [null, null] is no place in a listing
          return key;
        }
      }
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      // below
    }
    throw bad("cursor", "Parameter 'cursor' is not one this API gave out.");
  }

  /**
   * One page of a listing queried with {@code LIMIT limit + 1}: the first {@code limit} rows as items and, when the
   * extra row came back, the cursor of the last item shown (its sort key, from {@code key}).
   */
  static JsonObject page(RowSet<Row> rows, int limit, Function<Row, JsonObject> json, Function<Row, Object[]> key) {
    JsonArray items = new JsonArray();
    Row last = null;
    for (Row row : rows) {
      if (items.size() == limit) {
        break;
      }
      items.add(json.apply(row));
      last = row;
    }
    return new JsonObject().put("items", items).put("nextCursor", rows.size() > limit ? cursor(key.apply(last)) : null);
  }

  // -- JSON ----------------------------------------------------------------------------------------

  static JsonArray names(Collection<? extends Enum<?>> values) {
    return new JsonArray(values.stream().map(Enum::name).sorted().toList());
  }

  static String iso(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }

  static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  /** A path value fit for a problem detail: short, and only if it looks like a code. */
  private static String printable(String s) {
    return s != null && s.length() <= 40 && s.chars().allMatch(c -> c > 32 && c < 127) ? s : "with this code";
  }
}
