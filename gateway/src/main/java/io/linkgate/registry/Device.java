package io.linkgate.registry;

import java.time.Instant;

/** An enrolled card-edge workstation: its Ed25519 public key (X.509 encoding) and agency. */
public record Device(String id, String agencyCode, byte[] publicKey, String label, Instant enrolledAt, Instant revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
