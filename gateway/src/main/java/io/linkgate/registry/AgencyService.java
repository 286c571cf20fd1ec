package io.linkgate.registry;

import java.util.Set;

/**
 * A service as an agency performs it, with the datasets it grants and its own session limit (lookups per
 * second and burst per card session; {@code null}: inherit the configuration's limits).
 */
public record AgencyService(String agencyCode, String serviceCode, Set<String> datasets, boolean active, Double sessionRate,
                            Integer sessionBurst) {

  public boolean grants(String dataset) {
    return active && datasets.contains(dataset);
  }
}
