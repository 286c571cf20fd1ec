package io.linkgate.lookup;

import io.linkgate.cache.CacheConfig.CacheName;
import io.linkgate.upstream.UpstreamEndpoint;

/**
 * What a lookup reads: the name an agency service must grant, the cache it lives in (null: never cached),
 * the upstream endpoint, and for Linkage the service id. {@link #metricTag} stays bounded.
 */
public record Dataset(String name, CacheName cache, UpstreamEndpoint endpoint, String linkageService) {

  public static final Dataset PERSON = new Dataset("linkage.person", CacheName.PERSON, UpstreamEndpoint.LINKAGE_LINK, "001");
  public static final Dataset HOUSE = new Dataset("linkage.house", CacheName.HOUSE, UpstreamEndpoint.LINKAGE_LINK, "027");
  public static final Dataset CARD_CHECK = new Dataset("gdx.card-check", null, UpstreamEndpoint.CARD_VERIFICATION, null);
  public static final Dataset JURISTIC = new Dataset("gdx.juristic", CacheName.JURISTIC, UpstreamEndpoint.JURISTIC, null);

  /** Linkage service {@code id} (three digits): the well-known ones, or {@code linkage.<id>}. */
  public static Dataset linkageService(String id) {
    return switch (id) {
      case "001" -> PERSON;
      case "027" -> HOUSE;
      default -> new Dataset("linkage." + id, CacheName.LINKAGE_OTHER, UpstreamEndpoint.LINKAGE_LINK, id);
    };
  }

  public boolean linkage() {
    return linkageService != null;
  }

  /** The dataset as a metric tag: the named datasets, or {@code linkage.other}. */
  public String metricTag() {
    return cache == CacheName.LINKAGE_OTHER ? "linkage.other" : name;
  }
}
