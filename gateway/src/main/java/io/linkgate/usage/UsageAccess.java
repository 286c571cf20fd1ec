package io.linkgate.usage;

import io.linkgate.http.ProblemType;
import io.linkgate.registry.Officer;
import io.linkgate.registry.Role;
import io.linkgate.session.Session;
import java.util.Set;

/**
 * Who may read the usage log, and which part: an ICT auditor everything (with citizen IDs decrypted); a
 * head of agency their agency's records; a supervisor the records of the services they oversee (none when
 * they oversee none). {@code services} is never empty unless {@code all} or {@code agency} is set.
 */
record UsageAccess(boolean all, String agency, Set<String> services, boolean decrypt) {

  static final ProblemType DENIED = new ProblemType("usage-access-denied", "Not allowed to read the usage log", 403);

  static UsageAccess of(Session session, boolean stream) {
    return of(session.officer(), stream);
  }

  /** As {@link #of(Session, boolean)}, for the officer as the registry holds them now. */
  static UsageAccess of(Officer officer, boolean stream) {
    if (officer.has(Role.ICT_AUDITOR)) {
      return new UsageAccess(true, null, Set.of(), !stream);
    }
    if (!stream && officer.has(Role.HEAD_OF_AGENCY)) {
      return new UsageAccess(false, officer.agencyCode(), Set.of(), false);
    }
    if (officer.has(Role.SUPERVISOR)) {
      if (officer.services().isEmpty()) {
        // no services overseen is nothing to read, not everything (an empty filter would match every record)
        throw DENIED.exception("A supervisor reads the records of the services they oversee; this officer oversees none.");
      }
      return new UsageAccess(false, null, officer.services(), false);
    }
    throw DENIED.exception(stream
        ? "The live usage stream is for ICT auditors and service supervisors."
        : "The usage log is for ICT auditors, heads of agency (their agency) and service supervisors (their services).");
  }

  /** Whether this access lets its holder read at least every record {@code before} did. */
  boolean covers(UsageAccess before) {
    if (all) {
      return true;
    }
    return !before.all() && (before.agency() == null || before.agency().equals(agency))
        && (before.services().isEmpty() ? agency != null && agency.equals(before.agency()) : services.containsAll(before.services()));
  }
}
