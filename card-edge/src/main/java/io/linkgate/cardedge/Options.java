package io.linkgate.cardedge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsed command-line options: {@code --name value} pairs and {@code --flag}s, validated against what the command takes. */
final class Options {

  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final List<String> flags = new ArrayList<>();

  static Options parse(List<String> args, Set<String> withValue, Set<String> flagNames) {
    Options o = new Options();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (withValue.contains(arg)) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException(arg + " needs a value");
        }
        o.values.computeIfAbsent(arg, k -> new ArrayList<>()).add(args.get(++i));
      } else if (flagNames.contains(arg)) {
        o.flags.add(arg);
      } else {
        throw new UsageException("unknown argument '" + arg + "'");
      }
    }
    return o;
  }

  String get(String name) {
    List<String> v = values.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  String get(String name, String fallback) {
    String v = get(name);
    return v == null ? fallback : v;
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  boolean has(String flag) {
    return flags.contains(flag);
  }

  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
