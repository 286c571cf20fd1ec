package io.linkgate.load;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 08:00 at a district office, nationwide: {@code storm.officers} officers insert their cards within
 * {@code storm.rampSeconds} (challenge, card answer, signed login each), then work for {@code storm.workSeconds}:
 * person lookups with think time, half of them citizens already looked up that morning. Pulling the card at the
 * end logs out.
 *
 * <p>Assertions: logins succeed (>= 99.9 %) with p99 under {@code storm.loginP99Ms}; lookups succeed (>= 99 %)
 * with p99 under {@code storm.lookupP99Ms}.
 */
public class MorningLoginStorm extends Simulation {

  static final int OFFICERS = Target.integer("storm.officers", 300, 1);
  static final Duration RAMP = Target.seconds("storm.rampSeconds", 120);
  static final Duration WORK = Target.seconds("storm.workSeconds", 60);
  static final Duration THINK_MIN = Target.millis("storm.thinkMinMs", 2000);
  static final Duration THINK_MAX = Target.millisAtLeast("storm.thinkMaxMs", 6000, THINK_MIN);

  private final LoadOfficers officers = new LoadOfficers(OFFICERS);
  private final Citizens citizens = new Citizens('3', 500);
  private final AtomicInteger next = new AtomicInteger();

  private final ScenarioBuilder morning = scenario("morning login storm")
      .exec(Chains.login(officers, next))
      .during(WORK).on(
          exec(session -> session.set("cid", ThreadLocalRandom.current().nextBoolean() ? citizens.pooled() : citizens.fresh()))
              .exec(Chains.ok(Chains.person("person")))
              .pause(THINK_MIN, THINK_MAX))
      .exec(http("logout").delete("/v1/sessions/current").header("Authorization", "Bearer #{token}")
          .check(status().in(200, 204)));

  {
    setUp(morning.injectOpen(rampUsers(OFFICERS).during(RAMP)))
        .protocols(Chains.protocol())
        .assertions(
            details("challenge").successfulRequests().percent().gte(99.9),
            details("login").successfulRequests().percent().gte(99.9),
            details("login").responseTime().percentile(99.0).lt(Target.integer("storm.loginP99Ms", 1500)),
            details("login").allRequests().count().is((long) OFFICERS),
            details("person").successfulRequests().percent().gte(99.0),
            details("person").responseTime().percentile(99.0).lt(Target.integer("storm.lookupP99Ms", 800)));
    Target.rejectUnknown("storm.");
    Target.rejectUnknown("linkgate.");
  }

  @Override
  public void before() {
    officers.register();
  }
}
