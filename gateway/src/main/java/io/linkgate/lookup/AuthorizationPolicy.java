package io.linkgate.lookup;

import io.linkgate.registry.AgencyDirectory;
import io.linkgate.registry.Role;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Policy 2b: the officer holds USER and is assigned to the agency service named by {@code X-Service-Code};
 * the agency performs that service and it grants the dataset (403). Nothing is looked up before this.
 */
final class AuthorizationPolicy implements Handler<RoutingContext> {

  static final String HEADER = "X-Service-Code";

  private final AgencyDirectory agencies;

  AuthorizationPolicy(AgencyDirectory agencies) {
    this.agencies = agencies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    LookupContext lc = LookupContext.of(ctx);
    if (!lc.session.officer().has(Role.USER)) {
      ctx.fail(LookupProblems.NOT_A_USER.exception("Only officers holding the USER role make lookups."));
      return;
    }
    String service = ctx.request().getHeader(HEADER);
    if (service == null || service.isBlank()) {
      ctx.fail(LookupProblems.SERVICE_CODE_REQUIRED.exception("Name the agency service being performed in the X-Service-Code header."));
      return;
    }
    if (!isServiceCode(service)) {
      ctx.fail(LookupProblems.SERVICE_CODE_REQUIRED.exception("X-Service-Code must be a service code such as NC-CIVILREG."));
      return;
    }
    lc.serviceCode = service;
    if (!lc.session.officer().services().contains(service)) {
      ctx.fail(LookupProblems.SERVICE_NOT_ASSIGNED.exception("The officer is not assigned to service " + service + "."));
      return;
    }
    agencies.service(lc.agency.code(), service).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty() || !ar.result().get().active()) {
        ctx.fail(LookupProblems.SERVICE_UNKNOWN.exception("Agency " + lc.agency.code() + " does not perform service " + service + "."));
      } else if (lc.dataset != null && !ar.result().get().grants(lc.dataset.name())) {
        ctx.fail(LookupProblems.DATASET_NOT_GRANTED.exception("Service " + service + " does not grant dataset " + lc.dataset.name() + "."));
      } else {
        lc.agencyService = ar.result().get();
        ctx.next();
      }
    });
  }

  /** {@code [A-Z0-9][A-Z0-9_.-]{1,39}}, checked without a regex (a Matcher per lookup). */
  static boolean isServiceCode(String s) {
    int n = s.length();
    if (n < 2 || n > 40) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean ok = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || i > 0 && (c == '_' || c == '.' || c == '-');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
