package io.linkgate.ratelimit;

import io.linkgate.http.ProblemException;
import io.linkgate.registry.Agency;
import io.linkgate.registry.AgencyService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * The limits of a lookup, in order: the agency's working days and hours (Asia/Bangkok), the session's
 * token bucket for the agency service (its limit set in the registry's agency service, else in the
 * configuration), the officer's daily quota and the agency's monthly quota. A refusal is a problem naming
 * the scope, with {@code Retry-After}; every answer carries {@code RateLimit-Policy} and {@code RateLimit}
 * headers (draft-ietf-httpapi-ratelimit-headers).
 */
public final class RateLimiter {

  public static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");

  /** What was admitted, and the headers that describe the remaining room. */
  public record Admission(String policyHeader, String rateLimitHeader) {
  }

  private final Clock clock;
  private final MeterRegistry registry;
  private final SessionBuckets buckets;
  private final Quotas quotas;
  private volatile LimitsConfig config;
  private volatile Day day;

  public RateLimiter(Vertx vertx, Pool pool, Clock clock, MeterRegistry registry, LimitsConfig config) {
    this.clock = clock;
    this.registry = registry;
    this.config = config;
    this.buckets = new SessionBuckets(clock, 1_000_000);
    this.quotas = new Quotas(vertx, pool, clock);
  }

  public void start() {
    quotas.start(config.quotaSyncInterval());
  }

  public void stop() {
    quotas.stop();
  }

  /** Shares this instance's quota counts now (tests, shutdown). */
  public Future<Void> syncQuotas() {
    return quotas.sync();
  }

  /** New limits; buckets whose limit did not change keep their state, changed ones start full. */
  public void reconfigure(LimitsConfig next) {
    this.config = next;
  }

  /** Admits one lookup of {@code service} (the agency service as the registry knows it) in a session, or refuses it. */
  public Future<Admission> admit(UUID sessionId, UUID officerId, Agency agency, AgencyService service) {
    String serviceCode = service.serviceCode();
    LimitsConfig c = config;
    long nowMillis = clock.millis();
    if (c.enforceWorkingHours() && !withinHours(agency, Instant.ofEpochMilli(nowMillis).atZone(BANGKOK))) {
      return refuse("outside-hours", RateLimitProblems.OUTSIDE_HOURS.exception("Agency " + agency.code()
          + " may make lookups on its working days between " + agency.workStart() + " and " + agency.workEnd() + " (Asia/Bangkok)."));
    }
    Limit limit = c.sessionLimit(agency.code(), serviceCode, service.sessionRate(), service.sessionBurst());
    SessionBuckets.Verdict bucket = buckets.take(new SessionBuckets.Key(sessionId, serviceCode), limit);
    String sessionPolicy = "\"session\";q=" + limit.burst() + ";w=" + Math.max(1, (long) Math.ceil(limit.burst() / limit.ratePerSecond()));
    if (!bucket.allowed()) {
      long retry = Math.max(1, (long) Math.ceil(bucket.waitMillis() / 1000.0));
      return refuse("session", RateLimitProblems.SESSION.exception("This card session may make " + format(limit.ratePerSecond())
              + " lookups per second for this service (bursts of " + limit.burst() + "); retry in " + retry + " s.")
          .header("Retry-After", Long.toString(retry))
          .header("RateLimit-Policy", sessionPolicy)
          .header("RateLimit", "\"session\";r=0;t=" + retry));
    }
    int daily = c.officerDaily(agency.code());
    Day day = day(nowMillis);
    long secondsToMidnight = (day.nextMidnightMillis() - nowMillis) / 1000;
    long secondsToMonthEnd = (day.nextMonthMillis() - nowMillis) / 1000;
    Quotas.Key officerKey = new Quotas.Key("officer-day", officerId.toString(), day.date());
    Quotas.Key agencyKey = new Quotas.Key("agency-month", agency.code(), day.month());
    return quotas.counter(officerKey).compose(officer -> quotas.counter(agencyKey).compose(agencyCounter -> {
      if (!officer.tryUse(daily)) {
        return refuse("officer-daily", RateLimitProblems.OFFICER_DAILY.exception("The officer has made the " + daily
                + " lookups allowed per day; the quota renews at midnight (Asia/Bangkok).")
            .header("Retry-After", Long.toString(secondsToMidnight))
            .header("RateLimit-Policy", "\"officer-daily\";q=" + daily + ";w=86400")
            .header("RateLimit", "\"officer-daily\";r=0;t=" + secondsToMidnight));
      }
      if (!agencyCounter.tryUse(agency.monthlyQuota())) {
        officer.release();
        return refuse("agency-monthly", RateLimitProblems.AGENCY_MONTHLY.exception("Agency " + agency.code() + " has made the "
                + agency.monthlyQuota() + " lookups allowed this month; the quota renews on the 1st (Asia/Bangkok).")
            .header("Retry-After", Long.toString(secondsToMonthEnd))
            .header("RateLimit-Policy", "\"agency-monthly\";q=" + agency.monthlyQuota() + ";w=" + secondsToMonthEnd)
            .header("RateLimit", "\"agency-monthly\";r=0;t=" + secondsToMonthEnd));
      }
      String policies = sessionPolicy + ", \"officer-daily\";q=" + daily + ";w=86400, \"agency-monthly\";q="
          + agency.monthlyQuota() + ";w=" + secondsToMonthEnd;
      String remaining = "\"session\";r=" + bucket.remaining() + ";t=" + bucket.resetSeconds()
          + ", \"officer-daily\";r=" + Math.max(0, daily - officer.used()) + ";t=" + secondsToMidnight
          + ", \"agency-monthly\";r=" + Math.max(0, agency.monthlyQuota() - agencyCounter.used()) + ";t=" + secondsToMonthEnd;
      return Future.succeededFuture(new Admission(policies, remaining));
    }));
  }

  /** The Bangkok day of {@code nowMillis}, worked out again only when the day changes (not on every lookup). */
  private Day day(long nowMillis) {
    Day d = day;
    if (d == null || nowMillis < d.startMillis() || nowMillis >= d.nextMidnightMillis()) {
      LocalDate today = Instant.ofEpochMilli(nowMillis).atZone(BANGKOK).toLocalDate();
      d = new Day(millis(today), millis(today.plusDays(1)), millis(today.withDayOfMonth(1).plusMonths(1)), today.toString(),
          today.toString().substring(0, 7));
      day = d;
    }
    return d;
  }

  private static long millis(LocalDate date) {
    return date.atStartOfDay(BANGKOK).toInstant().toEpochMilli();
  }

  /** A Bangkok day: its bounds, the start of the next month, and the day and month as the quota keys name them. */
  private record Day(long startMillis, long nextMidnightMillis, long nextMonthMillis, String date, String month) {
  }

  static boolean withinHours(Agency agency, ZonedDateTime now) {
    LocalTime time = now.toLocalTime();
    return agency.worksOn(now.getDayOfWeek()) && !time.isBefore(agency.workStart()) && time.isBefore(agency.workEnd());
  }

  private <T> Future<T> refuse(String scope, ProblemException problem) {
    Counter.builder("linkgate.ratelimit.refusals").description("Lookups refused by a limit, by scope")
        .tag("scope", scope).register(registry).increment();
    return Future.failedFuture(problem);
  }

  private static String format(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }
}
