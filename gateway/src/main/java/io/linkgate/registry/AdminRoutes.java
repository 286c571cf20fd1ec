package io.linkgate.registry;

import io.linkgate.http.ProblemType;
import io.linkgate.privacy.CitizenIdProtector;
import io.linkgate.session.SessionConfig;
import io.linkgate.session.SessionStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * Registry administration under {@code /v1/admin}: agencies and their API keys and services, the national
 * service catalogue, officers, card-edge devices, the audit trail and the compliance view. Mounts the admin
 * authentication first; each resource is its own small class. Every change and its audit record are one
 * transaction; changes that the lookup path caches are made visible on this instance at once
 * ({@link AgencyDirectory#invalidateAll}) and on the others within the registry cache refresh (30 s).
 */
public final class AdminRoutes {

  public static final ProblemType CONFLICT = new ProblemType("conflict", "Already exists", 409);
  public static final ProblemType UNKNOWN_REFERENCE = new ProblemType("unknown-reference", "Unknown agency or service", 422);
  public static final ProblemType RANK_NOT_ENTITLED = new ProblemType("rank-not-entitled", "Rank may not hold USER", 422);

  /** What the admin resources need from the rest of the gateway. */
  public record Dependencies(Pool pool, OfficerRepository officers, DeviceRepository devices, SessionStore sessions,
                             AgencyDirectory directory, CitizenIdProtector protector, SessionConfig sessionConfig, Clock clock) {
  }

  private final AdminAuth auth;
  private final int maxBodySize;
  private final AuditView audit;
  private final AgencyAdmin agencies;
  private final KeyAdmin keys;
  private final ServiceAdmin services;
  private final AgencyServiceAdmin agencyServices;
  private final OfficerListing officerListing;
  private final OfficerAdmin officers;
  private final DeviceAdmin devices;
  private final ComplianceView compliance;

  public AdminRoutes(Dependencies d, int maxBodySize) {
    this.auth = new AdminAuth(d.sessions(), d.sessionConfig().bootstrapAdminToken());
    this.maxBodySize = maxBodySize;
    this.audit = new AuditView(d.pool(), auth);
    this.agencies = new AgencyAdmin(d.pool(), d.directory());
    this.keys = new KeyAdmin(d.pool(), d.directory());
    this.services = new ServiceAdmin(d.pool());
    this.agencyServices = new AgencyServiceAdmin(d.pool(), d.directory());
    this.officerListing = new OfficerListing(d.pool(), d.protector());
    this.officers = new OfficerAdmin(d.pool(), d.officers(), d.sessions(), d.sessionConfig());
    this.devices = new DeviceAdmin(d.pool(), d.devices(), d.sessions());
    this.compliance = new ComplianceView(d.pool(), d.clock());
  }

  public AdminAuth auth() {
    return auth;
  }

  public void mount(Router router) {
    // the body handler first: it must see the request before any asynchronous check runs
    router.route("/v1/admin/*").handler(BodyHandler.create(false).setBodyLimit(maxBodySize));
    // the audit trail is also for ICT auditors: its own role check, before the admins-only one
    audit.mount(router);
    auth.protect(router.route("/v1/admin/*"));
    agencies.mount(router);
    keys.mount(router);
    services.mount(router);
    agencyServices.mount(router);
    officerListing.mount(router);
    officers.mount(router);
    devices.mount(router);
    compliance.mount(router);
  }
}
