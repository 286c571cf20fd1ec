package io.linkgate.cache;

import io.linkgate.config.ConfigException;
import io.linkgate.config.ConfigNode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Per-dataset cache lifetimes and memory budgets, plus the not-found and stale-if-error windows. */
public record CacheConfig(Duration notFoundTtl, Duration staleIfError, Map<CacheName, DatasetCache> datasets) {

  /** The caches: one per cached dataset, and one shared by other Linkage services. */
  public enum CacheName {
    PERSON("linkage.person"), HOUSE("linkage.house"), LINKAGE_OTHER("linkage.other"), JURISTIC("gdx.juristic");

    private final String key;

    CacheName(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  public record DatasetCache(Duration ttl, long maxBytes) {
    public boolean enabled() {
      return !ttl.isZero() && maxBytes > 0;
    }
  }

  public CacheConfig {
    datasets = Map.copyOf(datasets);
  }

  public static CacheConfig from(ConfigNode node) {
    ConfigNode ds = node.section("datasets");
    Map<CacheName, DatasetCache> datasets = new EnumMap<>(CacheName.class);
    for (String name : ds.names()) {
      CacheName cache = null;
      for (CacheName c : CacheName.values()) {
        if (c.key().equals(name)) {
          cache = c;
        }
      }
      if (cache == null) {
        throw new ConfigException(ds.key(name), "unknown dataset cache; known: linkage.person, linkage.house, linkage.other, gdx.juristic");
      }
      ConfigNode entry = ds.section(name);
      datasets.put(cache, new DatasetCache(entry.duration("ttl", Duration.ZERO, Duration.ofDays(7)),
          entry.bytes("maxBytes", 0, 64L * 1024 * 1024 * 1024)));
    }
    for (CacheName c : CacheName.values()) {
      if (!datasets.containsKey(c)) {
        throw new ConfigException(ds.key(c.key()), "is required (set ttl: 0ms to disable caching)");
      }
    }
    return new CacheConfig(node.duration("notFoundTtl", Duration.ZERO, Duration.ofHours(1)),
        node.duration("staleIfError", Duration.ZERO, Duration.ofDays(7)), datasets);
  }

  /** The same settings with caching turned off for every dataset (benchmarks of the proxy path). */
  public CacheConfig disabled() {
    Map<CacheName, DatasetCache> off = new EnumMap<>(CacheName.class);
    datasets.forEach((k, v) -> off.put(k, new DatasetCache(Duration.ZERO, v.maxBytes())));
    return new CacheConfig(notFoundTtl, Duration.ZERO, off);
  }
}
