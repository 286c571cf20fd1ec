package io.linkgate.registry;

import java.util.Set;

/** A service as an agency performs it, with the datasets it grants. */
public record AgencyService(String agencyCode, String serviceCode, Set<String> datasets, boolean active) {

  public boolean grants(String dataset) {
    return active && datasets.contains(dataset);
  }
}
