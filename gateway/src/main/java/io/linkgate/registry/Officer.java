package io.linkgate.registry;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A registered officer as the gateway needs it for sessions and authorization (no citizen ID). */
public record Officer(UUID id, String agencyCode, String nameTh, String nameEn, Rank rank, Set<Role> roles,
                      Set<String> services, boolean active, Instant lockedAt) {

  public boolean locked() {
    return lockedAt != null;
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }
}
