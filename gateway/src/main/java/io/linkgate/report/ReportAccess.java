package io.linkgate.report;

import io.linkgate.registry.Officer;
import io.linkgate.registry.Role;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Who sees which reports: the agency's own USERs, controlling supervisors and head; the SUPERVISOR of a
 * service, the reports of every agency performing it; ICT auditors and admins, all of them.
 */
final class ReportAccess {

  private final Pool pool;

  ReportAccess(Pool pool) {
    this.pool = pool;
  }

  static boolean national(Officer o) {
    return o.has(Role.ICT_AUDITOR) || o.has(Role.ADMIN) || o.has(Role.SUPER_ADMIN);
  }

  static boolean agencyRole(Officer o) {
    return o.has(Role.USER) || o.has(Role.CONTROLLING_SUPERVISOR) || o.has(Role.HEAD_OF_AGENCY);
  }

  Future<Boolean> canView(Officer o, String agency) {
    if (national(o) || agencyRole(o) && o.agencyCode().equals(agency)) {
      return Future.succeededFuture(true);
    }
    if (o.has(Role.SUPERVISOR) && !o.services().isEmpty()) {
      return pool.preparedQuery("SELECT 1 FROM agency_service WHERE agency_code = $1 AND service_code = ANY($2)")
          .execute(Tuple.of(agency, (Object) o.services().toArray(String[]::new))).map(rows -> rows.size() > 0);
    }
    return Future.succeededFuture(false);
  }

  Future<Void> requireView(Officer o, String agency) {
    return canView(o, agency).compose(ok -> ok ? Future.succeededFuture()
        : Future.failedFuture(ReportProblems.FORBIDDEN.exception("Reports of agency " + agency + " are for its own officers, "
            + "the supervisors of its services, ICT auditors and admins.")));
  }

  /** Agencies may generate (and regenerate) their own drafts; admins any agency's. */
  static boolean canGenerate(Officer o, String agency) {
    return o.has(Role.ADMIN) || o.has(Role.SUPER_ADMIN) || agencyRole(o) && o.agencyCode().equals(agency);
  }
}
