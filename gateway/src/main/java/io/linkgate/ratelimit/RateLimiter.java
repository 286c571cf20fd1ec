package io.linkgate.ratelimit;

import io.linkgate.http.HeaderValues;
import io.linkgate.http.ProblemException;
import io.linkgate.registry.Agency;
import io.linkgate.registry.AgencyService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.AsciiString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
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

  /**
   * What was admitted: the {@code RateLimit-Policy} and {@code RateLimit} header values describing the room left,
   * and the quota uses taken, which {@link #giveBack()} returns when the lookup ends without reaching an upstream.
   */
  public static final class Admission {
    private final AsciiString policyHeader;
    private final AsciiString rateLimitHeader;
    private Quotas.Counter officer;
    private Quotas.Counter agency;

    Admission(AsciiString policyHeader, AsciiString rateLimitHeader, Quotas.Counter officer, Quotas.Counter agency) {
      this.policyHeader = policyHeader;
      this.rateLimitHeader = rateLimitHeader;
      this.officer = officer;
      this.agency = agency;
    }

    public AsciiString policyHeader() {
      return policyHeader;
    }

    public AsciiString rateLimitHeader() {
      return rateLimitHeader;
    }

    /** Returns this lookup's use of the officer's daily and the agency's monthly quota (once; on the lookup's context). */
    public void giveBack() {
      if (officer != null) {
        officer.release();
        agency.release();
        officer = null;
        agency = null;
      }
    }
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
    // every scope's series from start-up, at 0: a counter made by its first refusal starts at 1, and increase()
    // over the dashboards' windows never sees that first step (the first quota refusal after a deploy read 0)
    for (String scope : List.of("outside-hours", "session", "officer-daily", "agency-monthly")) {
      refusals(scope);
    }
  }

  private Counter refusals(String scope) {
    return Counter.builder("linkgate.ratelimit.refusals").description("Lookups refused by a limit, by scope")
        .tag("scope", scope).register(registry);
  }

  public void start() {
    quotas.start(config.quotaSyncInterval());
  }

  public void stop() {
    quotas.stop();
  }

  /** Shares this instance's quota counts now (tests, shutdown). */
  /** Merges every use counted so far with PostgreSQL (waiting out a periodic sync in progress, then one more). */
  public Future<Void> syncQuotas() {
    return quotas.syncAll();
  }

  /** New limits; buckets whose limit did not change keep their state, changed ones start full; the sync takes its new interval. */
  public void reconfigure(LimitsConfig next) {
    this.config = next;
    quotas.reschedule(next.quotaSyncInterval());
  }

  /** How often this instance shares its quota counts (what limits.quotaSyncInterval was last set to). */
  public Duration quotaSyncEvery() {
    return quotas.interval();
  }

  /** Admits one lookup of {@code service} (the agency service as the registry knows it) in a session, or refuses it. */
  public Future<Admission> admit(UUID sessionId, UUID officerId, Agency agency, AgencyService service) {
    String serviceCode = service.serviceCode();
    LimitsConfig c = config;
    long nowMillis = clock.millis();
    if (c.enforceWorkingHours() && !withinHours(agency, Instant.ofEpochMilli(nowMillis).atZone(BANGKOK))) {
      return refuse("outside-hours", RateLimitProblems.OUTSIDE_HOURS.exception("Agency " + agency.code()
          + " may make lookups on its working days between " + Agency.hhmm(agency.workStart()) + " and " + Agency.hhmm(agency.workEnd()) + " (Asia/Bangkok)."));
    }
    Limit limit = c.sessionLimit(agency.code(), serviceCode, service.sessionRate(), service.sessionBurst());
    SessionBuckets.Verdict bucket = buckets.take(new SessionBuckets.Key(sessionId, serviceCode), limit);
    long window = Math.max(1, (long) Math.ceil(limit.burst() / limit.ratePerSecond()));
    if (!bucket.allowed()) {
      long retry = Math.max(1, (long) Math.ceil(bucket.waitMillis() / 1000.0));
      return refuse("session", RateLimitProblems.SESSION.exception("This card session may make " + format(limit.ratePerSecond())
              + " lookups per second for this service (bursts of " + limit.burst() + "); retry in " + retry + " s.")
          .header("Retry-After", Long.toString(retry))
          .header("RateLimit-Policy", "\"session\";q=" + limit.burst() + ";w=" + window)
          .header("RateLimit", "\"session\";r=0;t=" + retry));
    }
    int daily = c.officerDaily(agency.code());
    Day day = day(nowMillis);
    Quotas.Key officerKey = new Quotas.Key("officer-day", officerId, day.date());
    Quotas.Key agencyKey = new Quotas.Key("agency-month", agency.code(), day.month());
    // both counters are loaded after an officer's first lookup of the day: decided here, without futures
    Quotas.Counter officer = quotas.loaded(officerKey);
    Quotas.Counter agencyCounter = quotas.loaded(agencyKey);
    if (officer != null && agencyCounter != null) {
      return decide(agency, limit, window, bucket, daily, day, nowMillis, officer, agencyCounter);
    }
    return quotas.counter(officerKey).compose(o -> quotas.counter(agencyKey).compose(a ->
        decide(agency, limit, window, bucket, daily, day, nowMillis, o, a)));
  }

  private Future<Admission> decide(Agency agency, Limit limit, long window, SessionBuckets.Verdict bucket, int daily, Day day,
      long nowMillis, Quotas.Counter officer, Quotas.Counter agencyCounter) {
    // rounded up: rounded down, the last second before midnight said Retry-After: 0 (and t=0) to a quota still used up
    long secondsToMidnight = secondsUntil(day.nextMidnightMillis(), nowMillis);
    long secondsToMonthEnd = secondsUntil(day.nextMonthMillis(), nowMillis);
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
          .header("RateLimit-Policy", "\"agency-monthly\";q=" + agency.monthlyQuota() + ";w=" + day.monthSeconds())
          .header("RateLimit", "\"agency-monthly\";r=0;t=" + secondsToMonthEnd));
    }
    // written as bytes: these two headers go out with every lookup
    AsciiString policies = HeaderValues.build()
        .text("\"session\";q=").number(limit.burst()).text(";w=").number(window)
        .text(", \"officer-daily\";q=").number(daily).text(";w=86400")
        .text(", \"agency-monthly\";q=").number(agency.monthlyQuota()).text(";w=").number(day.monthSeconds())
        .build();
    AsciiString remaining = HeaderValues.build()
        .text("\"session\";r=").number(bucket.remaining()).text(";t=").number(bucket.resetSeconds())
        .text(", \"officer-daily\";r=").number(Math.max(0, daily - officer.used())).text(";t=").number(secondsToMidnight)
        .text(", \"agency-monthly\";r=").number(Math.max(0, agency.monthlyQuota() - agencyCounter.used()))
        .text(";t=").number(secondsToMonthEnd)
        .build();
    return Future.succeededFuture(new Admission(policies, remaining, officer, agencyCounter));
  }

  /** The Bangkok day of {@code nowMillis}, worked out again only when the day changes (not on every lookup). */
  private Day day(long nowMillis) {
    Day d = day;
    if (d == null || nowMillis < d.startMillis() || nowMillis >= d.nextMidnightMillis()) {
      LocalDate today = Instant.ofEpochMilli(nowMillis).atZone(BANGKOK).toLocalDate();
      LocalDate month = today.withDayOfMonth(1);
      long nextMonth = millis(month.plusMonths(1));
      d = new Day(millis(today), millis(today.plusDays(1)), nextMonth, (nextMonth - millis(month)) / 1000, today.toString(),
          today.toString().substring(0, 7));
      day = d;
    }
    return d;
  }

  private static long secondsUntil(long thenMillis, long nowMillis) {
    return (thenMillis - nowMillis + 999) / 1000;
  }

  private static long millis(LocalDate date) {
    return date.atStartOfDay(BANGKOK).toInstant().toEpochMilli();
  }

  /**
   * A Bangkok day: its bounds, the start of the next month, the month's length ({@code monthSeconds}: the agency quota's
   * window, w; the time left to its end is its reset, t), and the day and month as the quota keys name them.
   */
  private record Day(long startMillis, long nextMidnightMillis, long nextMonthMillis, long monthSeconds, String date, String month) {
  }

  static boolean withinHours(Agency agency, ZonedDateTime now) {
    LocalTime time = now.toLocalTime();
    return agency.worksOn(now.getDayOfWeek()) && !time.isBefore(agency.workStart()) && time.isBefore(agency.workEnd());
  }

  private <T> Future<T> refuse(String scope, ProblemException problem) {
    refusals(scope).increment();
    return Future.failedFuture(problem);
  }

  private static String format(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }
}
