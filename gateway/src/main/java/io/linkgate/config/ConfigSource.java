package io.linkgate.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The merged configuration tree: the built-in defaults ({@code config/gateway.yaml}), then an optional
 * file, then {@code LINKGATE_*} environment variables, then explicit overrides (command-line flags).
 * Only keys present in the defaults may be set; anything else is reported as unknown.
 */
public final class ConfigSource {

  public static final String ENV_PREFIX = "LINKGATE_";
  private static final Logger LOG = LoggerFactory.getLogger(ConfigSource.class);
  /**
   * Keys an earlier version read and this one does not: a file or variable that still sets one (an operator's copy of
   * the old {@code config/gateway.yaml}) is warned about and the value ignored, not refused as unknown.
   */
  static final Map<String, String> RETIRED = Map.of(
      "console.assetMaxAge", "the console's files are revalidated on every use (ETag, Cache-Control: no-cache)");
  private static final String DEFAULTS = "/io/linkgate/config/gateway.yaml";

  private final Map<String, Object> tree;

  private ConfigSource(Map<String, Object> tree) {
    this.tree = tree;
  }

  public static ConfigSource load(Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, Object> tree = defaults();
    // every known key with its path as names, not split at dots: a dataset's name (linkage.person) holds one
    Map<String, List<String>> paths = paths(tree);
    Set<String> known = paths.keySet();
    if (file != null) {
      Map<String, Object> fromFile = read(file);
      rejectUnknown("", fromFile, tree, file.toString());
      merge(tree, fromFile);
    }
    Map<String, List<String>> envNames = new TreeMap<>();
    paths.forEach((key, path) -> envNames.put(envName(key), path));
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (!e.getKey().startsWith(ENV_PREFIX)) {
        continue;
      }
      List<String> path = envNames.get(e.getKey());
      if (path == null && RETIRED.keySet().stream().anyMatch(k -> envName(k).equals(e.getKey()) && retired(k, e.getKey()))) {
        continue;
      }
      if (path == null) {
        throw new ConfigException(e.getKey(), "unknown environment variable (no such configuration key)");
      }
      put(tree, path, e.getValue());
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      if (!known.contains(e.getKey())) {
        throw new ConfigException(e.getKey(), "unknown key");
      }
      put(tree, paths.get(e.getKey()), e.getValue());
    }
    return new ConfigSource(tree);
  }

  /** Binds the tree with {@code binder}; every key the binder did not read is an error. */
  public <T> T bind(Function<ConfigNode, T> binder) {
    Set<String> consumed = new HashSet<>();
    T result = binder.apply(new ConfigNode("", tree, consumed));
    for (String key : paths(tree).keySet()) {
      if (!isConsumed(key, consumed)) {
        throw new ConfigException(key, "unknown key");
      }
    }
    return result;
  }

  /** The environment variable that sets {@code key}: {@code database.poolSize -> LINKGATE_DATABASE_POOL_SIZE}. */
  public static String envName(String key) {
    StringBuilder sb = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.' || c == '-') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        sb.append('_').append(c);
      } else {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  private static boolean isConsumed(String key, Set<String> consumed) {
    return consumed.contains(key);
  }

  private static Map<String, Object> defaults() {
    try (InputStream in = ConfigSource.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("built-in defaults " + DEFAULTS + " missing from the jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in defaults");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in defaults", e);
    }
  }

  private static Map<String, Object> read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[8192];
      for (int n; (n = reader.read(buf)) > 0; ) {
        sb.append(buf, 0, n);
      }
      return parse(sb.toString(), file.toString());
    } catch (IOException e) {
      throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
    }
  }

  private static Map<String, Object> parse(String text, String origin) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw new ConfigException(origin, "is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (doc == null) {
      return new LinkedHashMap<>();
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ConfigException(origin, "must be a YAML map of settings");
    }
    return deepCopy(origin, map);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(String key, Map<?, ?> map) {
    Map<String, Object> copy = ConfigNode.asStringMap(key, map);
    copy.replaceAll((k, v) -> v instanceof Map<?, ?> m ? deepCopy(k, m) : v);
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static void rejectUnknown(String prefix, Map<String, Object> given, Map<String, Object> known, String origin) {
    for (Iterator<Map.Entry<String, Object>> it = given.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Object> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (!known.containsKey(e.getKey()) && retired(key, origin)) {
        it.remove();
        continue;
      }
      if (!known.containsKey(e.getKey())) {
        throw new ConfigException(key, "unknown key (in " + origin + ")");
      }
      Object knownValue = known.get(e.getKey());
      // an empty section in the defaults is open: its entries are named by the operator
      if (knownValue instanceof Map<?, ?> km && !km.isEmpty() && e.getValue() instanceof Map<?, ?> gm) {
        rejectUnknown(key, (Map<String, Object>) gm, (Map<String, Object>) km, origin);
      }
    }
  }

  /** Whether {@code key} is a retired key (warned about, set in {@code where}); false for null or any other. */
  private static boolean retired(String key, String where) {
    String why = key == null ? null : RETIRED.get(key);
    if (why != null) {
      LOG.atWarn().log("{} (set in {}) is no longer used and is ignored: {}; remove it", key, where, why);
    }
    return why != null;
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> target, Map<String, Object> overlay) {
    for (Map.Entry<String, Object> e : overlay.entrySet()) {
      Object existing = target.get(e.getKey());
      if (existing instanceof Map<?, ?> em && e.getValue() instanceof Map<?, ?> om) {
        merge((Map<String, Object>) em, (Map<String, Object>) om);
      } else {
        target.put(e.getKey(), e.getValue());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> tree, List<String> path, String value) {
    Map<String, Object> node = tree;
    for (int i = 0; i < path.size() - 1; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
    }
    node.put(path.get(path.size() - 1), value);
  }

  /** Every leaf of {@code tree}, named by its keys joined with dots, with its path of names. */
  private static Map<String, List<String>> paths(Map<String, Object> tree) {
    Map<String, List<String>> out = new TreeMap<>();
    paths("", List.of(), tree, out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void paths(String prefix, List<String> path, Map<String, Object> tree, Map<String, List<String>> out) {
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      List<String> here = new java.util.ArrayList<>(path);
      here.add(e.getKey());
      if (e.getValue() instanceof Map<?, ?> m && !m.isEmpty()) {
        paths(key, here, (Map<String, Object>) m, out);
      } else {
        out.put(key, List.copyOf(here));
      }
    }
  }


  /** The merged value of one top-level key (a section map or a scalar), for comparing two loads. */
  public Object raw(String topLevelKey) {
    return tree.get(topLevelKey);
  }

  /** The top-level keys of the configuration. */
  public java.util.Set<String> topLevelKeys() {
    return java.util.Collections.unmodifiableSet(tree.keySet());
  }

  List<String> knownKeys() {
    return List.copyOf(paths(defaults()).keySet());
  }
}
