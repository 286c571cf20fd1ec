package io.linkgate.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read-only view of one section of the merged configuration tree. Every typed read validates its
 * value and records the key as known; {@link ConfigSource#bind} then rejects every key nobody read.
 */
public final class ConfigNode {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern BYTES = Pattern.compile("(\\d{1,15})(KB|MB|GB)?");

  private final String path;
  private final Map<String, Object> values;
  private final Set<String> consumed;

  ConfigNode(String path, Map<String, Object> values, Set<String> consumed) {
    this.path = path;
    this.values = values;
    this.consumed = consumed;
  }

  public String path() {
    return path;
  }

  public String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public ConfigNode section(String name) {
    Object value = values.get(name);
    String key = key(name);
    consumed.add(key);
    if (value == null) {
      return new ConfigNode(key, Map.of(), consumed);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new ConfigException(key, "must be a section (a map of keys), was " + describe(value));
    }
    return new ConfigNode(key, asStringMap(key, map), consumed);
  }

  /** The names of the entries of a section whose keys are chosen by the operator (endpoints, agencies...). */
  public List<String> names() {
    return new ArrayList<>(values.keySet());
  }

  public boolean has(String name) {
    return values.containsKey(name) && values.get(name) != null;
  }

  public String string(String name) {
    Object value = required(name);
    if (value instanceof Map || value instanceof List) {
      throw new ConfigException(key(name), "must be a single value, was " + describe(value));
    }
    return String.valueOf(value).trim();
  }

  public String nonBlank(String name) {
    String value = string(name);
    if (value.isEmpty()) {
      throw new ConfigException(key(name), "must not be empty");
    }
    return value;
  }

  public String matching(String name, Pattern pattern, String expected) {
    String value = string(name);
    if (!pattern.matcher(value).matches()) {
      throw new ConfigException(key(name), "must be " + expected + ", was '" + value + "'");
    }
    return value;
  }

  public int integer(String name, int min, int max) {
    return (int) longValue(name, min, max);
  }

  public long longValue(String name, long min, long max) {
    Object value = required(name);
    long parsed;
    try {
      // YAML gives Integer, Long or BigInteger for whole numbers, Double for others; text (environment, flags)
      // is parsed here. A number beyond a long is refused, never cut to its low bits, and 1.5 is not 1.
      if (value instanceof Integer || value instanceof Long) {
        parsed = ((Number) value).longValue();
      } else if (value instanceof java.math.BigInteger b) {
        parsed = b.longValueExact();
      } else if (value instanceof Number) {
        throw new NumberFormatException("not a whole number");
      } else {
        parsed = Long.parseLong(String.valueOf(value).trim());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException(key(name), "must be a whole number between " + min + " and " + max + ", was '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw new ConfigException(key(name), "must be between " + min + " and " + max + ", was " + parsed);
    }
    return parsed;
  }

  public double decimal(String name, double min, double max) {
    Object value = required(name);
    double parsed;
    try {
      parsed = value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key(name), "must be a number, was '" + value + "'");
    }
    if (Double.isNaN(parsed) || parsed < min || parsed > max) {
      throw new ConfigException(key(name), "must be between " + min + " and " + max + ", was " + value);
    }
    return parsed;
  }

  public boolean bool(String name) {
    Object value = required(name);
    if (value instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(value).trim().toLowerCase(java.util.Locale.ROOT);
    if (text.equals("true")) {
      return true;
    }
    if (text.equals("false")) {
      return false;
    }
    throw new ConfigException(key(name), "must be true or false, was '" + value + "'");
  }

  /** Durations are written {@code 500ms}, {@code 30s}, {@code 15m}, {@code 8h} or {@code 1d}. */
  public Duration duration(String name, Duration min, Duration max) {
    String text = string(name);
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new ConfigException(key(name), "must be a duration such as 500ms, 30s, 15m, 8h or 1d, was '" + text + "'");
    }
    Duration d;
    try {
      long amount = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException(key(name), "is too large: '" + text + "' (at most " + format(max) + ")");
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new ConfigException(key(name), "must be between " + format(min) + " and " + format(max) + ", was " + text);
    }
    return d;
  }

  /** A size in bytes: a number, or with a unit {@code KB}, {@code MB}, {@code GB} (powers of 1024). */
  public long bytes(String name, long min, long max) {
    String text = string(name).toUpperCase(java.util.Locale.ROOT).replace(" ", "");
    Matcher m = BYTES.matcher(text);
    if (!m.matches()) {
      throw new ConfigException(key(name), "must be a size such as 65536, 64KB, 256MB or 1GB, was '" + text + "'");
    }
    long unit = switch (m.group(2) == null ? "" : m.group(2)) {
      case "KB" -> 1024L;
      case "MB" -> 1024L * 1024;
      case "GB" -> 1024L * 1024 * 1024;
      default -> 1L;
    };
    long value;
    try {
      value = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new ConfigException(key(name), "is too large: '" + text + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(key(name), "must be between " + min + " and " + max + " bytes, was " + value);
    }
    return value;
  }

  public LocalTime time(String name) {
    String text = string(name);
    try {
      return LocalTime.parse(text);
    } catch (RuntimeException e) {
      throw new ConfigException(key(name), "must be a time of day such as 08:30, was '" + text + "'");
    }
  }

  public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
    String text = string(name);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.replace('-', '_'))) {
        return constant;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      allowed.add(constant.name().toLowerCase(java.util.Locale.ROOT));
    }
    throw new ConfigException(key(name), "must be one of " + allowed + ", was '" + text + "'");
  }

  /** A list of strings, written either as a YAML list or as one comma-separated string (environment). */
  public List<String> strings(String name) {
    Object value = values.get(name);
    consumed.add(key(name));
    if (value == null) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map || item instanceof List || item == null) {
          throw new ConfigException(key(name), "must be a list of single values");
        }
        result.add(String.valueOf(item).trim());
      }
    } else if (value instanceof Map) {
      throw new ConfigException(key(name), "must be a list, was a section");
    } else {
      for (String part : String.valueOf(value).split(",")) {
        if (!part.isBlank()) {
          result.add(part.trim());
        }
      }
    }
    return List.copyOf(result);
  }

  private Object required(String name) {
    String key = key(name);
    consumed.add(key);
    Object value = values.get(name);
    if (value == null) {
      throw new ConfigException(key, "is required");
    }
    return value;
  }

  static Map<String, Object> asStringMap(String key, Map<?, ?> map) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String name)) {
        throw new ConfigException(key, "keys must be names, found " + e.getKey());
      }
      result.put(name, e.getValue());
    }
    return result;
  }

  private static String describe(Object value) {
    if (value instanceof Map) {
      return "a section";
    }
    if (value instanceof List) {
      return "a list";
    }
    return "'" + value + "'";
  }

  static String format(Duration d) {
    if (d.toMillis() % 86_400_000 == 0 && !d.isZero()) {
      return d.toDays() + "d";
    }
    if (d.toMillis() % 3_600_000 == 0 && !d.isZero()) {
      return d.toHours() + "h";
    }
    if (d.toMillis() % 60_000 == 0 && !d.isZero()) {
      return d.toMinutes() + "m";
    }
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }
}
