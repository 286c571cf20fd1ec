package io.linkgate.registry;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A registered officer as the gateway needs it for sessions and authorization. The citizen ID is decrypted
 * in memory only (it is the officer's GDX agent id); it is never logged: {@link #toString} leaves it out.
 */
public record Officer(UUID id, String agencyCode, String nameTh, String nameEn, Rank rank, Set<Role> roles,
                      Set<String> services, boolean active, Instant lockedAt, String citizenId) {

  @Override
  public String toString() {
    return "Officer[" + id + ", agency=" + agencyCode + ", roles=" + roles + "]";
  }

  public boolean locked() {
    return lockedAt != null;
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }
}
