package io.linkgate.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One card session hammers the gateway ({@code abuse.abuserRps} lookups a second, back to back, for
 * {@code abuse.seconds}) while {@code abuse.colleagues} colleagues of the same agency work normally.
 *
 * <p>The abuser's request counts as OK when the gateway refuses it with 429 {@code rate-limit-session} and a
 * Retry-After: its KO count is the number of lookups that got through, which must stay within the session
 * bucket ({@code abuse.sessionBurst} + {@code abuse.sessionRate} x seconds, 10 % slack; set both to the gateway's
 * {@code limits.sessionBurst}/{@code sessionRate}). The colleagues must be unaffected: >= 99.5 % success and p99
 * under {@code abuse.colleagueP99Ms}.
 */
public class Abuse extends Simulation {

  static final int COLLEAGUES = Target.integer("abuse.colleagues", 10, 1);
  static final int SECONDS = Target.integer("abuse.seconds", 60);
  static final int ABUSER_RPS = Target.integer("abuse.abuserRps", 50, 1);
  static final int SESSION_RATE = Target.integer("abuse.sessionRate", 5);
  static final int SESSION_BURST = Target.integer("abuse.sessionBurst", 20);
  /** Lookups of the abuser that may get through: the bucket's burst plus its refill over the run, 10 % slack. */
  static final long ALLOWED = (long) Math.ceil((SESSION_BURST + SESSION_RATE * (SECONDS + 2.0)) * 1.1);

  private final LoadOfficers officers = new LoadOfficers(COLLEAGUES + 1);
  private final Citizens citizens = new Citizens('6', 100);
  private final AtomicInteger next = new AtomicInteger();

  private final ScenarioBuilder abuser = scenario("abuser")
      .exec(Chains.login(officers, next))
      .during(Duration.ofSeconds(SECONDS)).on(
          exec(session -> session.set("cid", citizens.pooled()))
              .exec(Chains.person("abuse (refused = OK)")
                  .check(status().is(429), header("Retry-After").exists(),
                      jsonPath("$.type").is("urn:linkgate:problem:rate-limit-session")))
              .pace(Duration.ofNanos(1_000_000_000L / ABUSER_RPS)));

  private final ScenarioBuilder colleagues = scenario("colleagues")
      .exec(Chains.login(officers, next))
      .during(Duration.ofSeconds(SECONDS)).on(
          exec(session -> session.set("cid", ThreadLocalRandom.current().nextDouble() < 0.7 ? citizens.pooled() : citizens.fresh()))
              .exec(Chains.ok(Chains.person("colleague")))
              .pause(Duration.ofMillis(500), Duration.ofMillis(1500)));

  {
    setUp(
        abuser.injectOpen(atOnceUsers(1)),
        colleagues.injectOpen(rampUsers(COLLEAGUES).during(Duration.ofSeconds(Math.max(1, Math.min(10, SECONDS / 4))))))
        .protocols(Chains.protocol())
        .assertions(
            details("login").successfulRequests().percent().gte(99.9),
            details("abuse (refused = OK)").failedRequests().count().lte(ALLOWED),
            details("abuse (refused = OK)").allRequests().count().gte(2 * ALLOWED),
            details("colleague").successfulRequests().percent().gte(99.5),
            details("colleague").responseTime().percentile(99.0).lt(Target.integer("abuse.colleagueP99Ms", 500)));
    Target.rejectUnknown("abuse.");
    Target.rejectUnknown("linkgate.");
  }

  @Override
  public void before() {
    officers.register();
  }
}
