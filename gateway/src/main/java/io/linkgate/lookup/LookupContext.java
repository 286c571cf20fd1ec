package io.linkgate.lookup;

import io.linkgate.cache.CacheStatus;
import io.linkgate.ratelimit.RateLimiter;
import io.linkgate.registry.Agency;
import io.linkgate.registry.AgencyService;
import io.linkgate.session.Session;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;

/** What the policies learn about one lookup, in order; the usage record is made from it. */
public final class LookupContext {

  static final String KEY = "linkgate.lookup";

  final UUID usageId;
  final Instant at;
  final long startNanos;
  final String route;
  Dataset dataset;
  String version = "01";
  /** The citizen ID or juristic ID looked up, once validated. */
  String target;
  /** For a laser-code check: the other fields, validated. */
  CardCheck cardCheck;
  Agency agency;
  Session session;
  String serviceCode;
  /** The agency service as the registry knows it, once authorization found it active. */
  AgencyService agencyService;
  String requestRef;
  RateLimiter.Admission admission;
  CacheStatus cache;
  volatile boolean upstreamAsked; // an attempt of its own went past the breaker and the bulkhead (see LookupClient)
  boolean settled; // its usage record written or refused (or, past the bound on unidentified refusals, left out)

  record CardCheck(String citizenId, String firstName, String lastName, String birthDate, String laserCode) {
    @Override
    public String toString() {
      return "CardCheck[redacted]";
    }
  }

  LookupContext(UUID usageId, Instant at, long startNanos, String route) {
    this.usageId = usageId;
    this.at = at;
    this.startNanos = startNanos;
    this.route = route;
  }

  static LookupContext of(RoutingContext ctx) {
    LookupContext lc = ctx.get(KEY);
    if (lc == null) {
      throw new IllegalStateException("lookup context missing");
    }
    return lc;
  }

  /** The target citizen ID, when this lookup is about a person (not a juristic person). */
  String targetCitizenId() {
    if (cardCheck != null) {
      return cardCheck.citizenId();
    }
    return dataset != null && dataset != Dataset.JURISTIC ? target : null;
  }

  /** The upstream service as recorded, e.g. {@code linkage/001/01}, {@code gdx/card-check}. */
  String upstreamName() {
    if (dataset == null) {
      return null;
    }
    return dataset.linkage() ? "linkage/" + dataset.linkageService() + "/" + version : "gdx/" + dataset.name().substring(4);
  }
}
