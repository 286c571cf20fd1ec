package io.linkgate.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the configuration from the same sources (file, environment, flags) and applies what can change
 * at run time: {@code limits}, {@code cache} and {@code resilience}. An invalid file changes nothing. Other
 * changed sections are reported as needing a restart, at every reload until the process runs them (a restart)
 * or the file is back to what runs: the comparison is always with what the process runs, not with the file
 * last read.
 */
public final class ConfigReloader {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);
  static final Set<String> RELOADABLE = Set.of("limits", "cache", "resilience");

  private final Supplier<ConfigSource> sources;
  private final Consumer<GatewayConfig> apply;
  /** Each top-level section as the process runs it (raw tree values; absent keys are not in the map). */
  private final Map<String, Object> running = new HashMap<>();

  /** {@code started}: the configuration the process was started with (the one it runs). */
  public ConfigReloader(Supplier<ConfigSource> sources, ConfigSource started, Consumer<GatewayConfig> apply) {
    this.sources = sources;
    this.apply = apply;
    if (started != null) {
      for (String key : started.topLevelKeys()) {
        running.put(key, started.raw(key));
      }
    }
  }

  /**
   * Reloads. {@code beforeApply} receives what will be applied and what needs a restart once the new
   * configuration is known valid and before anything is applied (the audit record); when it throws, nothing is
   * applied. Throws {@link ConfigException} (nothing applied) when the new configuration is invalid.
   */
  public synchronized JsonObject reload(Consumer<JsonObject> beforeApply) {
    ConfigSource next = sources.get();
    GatewayConfig config = next.bind(GatewayConfig::from);
    List<String> changed = new ArrayList<>();
    Set<String> restart = new TreeSet<>();
    Set<String> keys = new TreeSet<>(next.topLevelKeys());
    keys.addAll(running.keySet());
    for (String key : keys) {
      if (!Objects.equals(next.raw(key), running.get(key))) {
        (RELOADABLE.contains(key) ? changed : restart).add(key);
      }
    }
    JsonObject result = new JsonObject().put("applied", new JsonArray(changed)).put("restartRequired", new JsonArray(new ArrayList<>(restart)));
    beforeApply.accept(result);
    apply.accept(config);
    for (String key : RELOADABLE) {
      if (next.raw(key) == null) {
        running.remove(key);
      } else {
        running.put(key, next.raw(key));
      }
    }
    LOG.atInfo().addKeyValue("applied", String.join(",", changed)).addKeyValue("restartRequired", String.join(",", restart))
        .log("configuration reloaded");
    return result;
  }
}
