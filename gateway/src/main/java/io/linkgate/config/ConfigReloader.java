package io.linkgate.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
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
 * changed sections are reported as needing a restart.
 */
public final class ConfigReloader {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);
  static final Set<String> RELOADABLE = Set.of("limits", "cache", "resilience");

  private final Supplier<ConfigSource> sources;
  private final Consumer<GatewayConfig> apply;
  private ConfigSource current;

  public ConfigReloader(Supplier<ConfigSource> sources, ConfigSource current, Consumer<GatewayConfig> apply) {
    this.sources = sources;
    this.current = current;
    this.apply = apply;
  }

  /** Reloads; throws {@link ConfigException} (nothing applied) when the new configuration is invalid. */
  public synchronized JsonObject reload() {
    ConfigSource next = sources.get();
    GatewayConfig config = next.bind(GatewayConfig::from);
    List<String> changed = new ArrayList<>();
    Set<String> restart = new TreeSet<>();
    Set<String> keys = new TreeSet<>(next.topLevelKeys());
    keys.addAll(current.topLevelKeys());
    for (String key : keys) {
      if (!Objects.equals(next.raw(key), current.raw(key))) {
        if (RELOADABLE.contains(key)) {
          changed.add(key);
        } else {
          restart.add(key);
        }
      }
    }
    apply.accept(config);
    current = next;
    LOG.atInfo().addKeyValue("applied", String.join(",", changed)).addKeyValue("restartRequired", String.join(",", restart))
        .log("configuration reloaded");
    return new JsonObject().put("applied", new JsonArray(changed)).put("restartRequired", new JsonArray(new ArrayList<>(restart)));
  }
}
