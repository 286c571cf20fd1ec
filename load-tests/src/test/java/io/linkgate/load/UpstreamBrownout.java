package io.linkgate.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIfEqualsOrElse;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Linkage Center slows down mid-run. After {@code brownout.faultAfterSeconds} the sandbox's
 * {@code linkage-link} endpoint gets {@code brownout.addedLatencyMs} of added latency (beyond the gateway's
 * upstream time limit) for {@code brownout.faultSeconds}; then the fault is lifted and the run goes on for
 * {@code brownout.recoverySeconds}. Officers keep looking up persons: half of them already looked up
 * before the fault (a pool of {@code brownout.knownPool}), half never seen.
 *
 * <p>Each lookup is named after the phase it starts in, which an operator scenario follows from the gateway's
 * own circuit-breaker metric: {@code before}, {@code opening} (fault on, breaker still closed, or open while the
 * known citizens' cached answers may still be fresh), {@code breaker open} (open, and those answers expired),
 * {@code half open} (fault on, the breaker trying the upstream again), {@code healing} (fault lifted, breaker not
 * yet closed) and {@code recovered} (breaker closed again).
 *
 * <p>Assertions: before the fault every lookup succeeds; with the breaker open, a known citizen gets the stale
 * answer (200, {@code X-Cache: STALE}) and a new one a 503 {@code upstream-circuit-open} with Retry-After,
 * fast (p95 under {@code brownout.openP95Ms}) instead of waiting for the upstream, and none longer than
 * {@code brownout.maxMs} (the breaker's few half-open trial calls wait for the upstream's time limit, 1 s in
 * the brownout demo, but nothing piles up behind them); the breaker does open
 * and does close again, and after recovery lookups succeed again.
 *
 * <p>Needs the cached person answers to expire during the fault: the demo that {@code load-tests/run} starts
 * uses {@code load-tests/demo/UpstreamBrownout.yaml} (person TTL 2s, upstream time limit 1s).
 */
public class UpstreamBrownout extends Simulation {

  static final int OFFICERS = Target.integer("brownout.officers", 20, 1);
  static final int FAULT_AFTER = Target.integer("brownout.faultAfterSeconds", 20);
  static final int FAULT_SECONDS = Target.integer("brownout.faultSeconds", 30);
  static final int RECOVERY_SECONDS = Target.integer("brownout.recoverySeconds", 30);
  static final int ADDED_LATENCY_MS = Target.integer("brownout.addedLatencyMs", 3000);
  /** At least the person TTL of the gateway under test: known answers have expired by then. */
  static final int STALE_AFTER_SECONDS = Target.integer("brownout.staleAfterSeconds", 3);
  static final int KNOWN_POOL = Target.integer("brownout.knownPool", 50, 1);
  static final Duration THINK_MIN = Target.millis("brownout.thinkMinMs", 200);
  static final Duration THINK_MAX = Target.millisAtLeast("brownout.thinkMaxMs", 600, THINK_MIN);
  static final String BREAKER = "linkage-link";

  private final LoadOfficers officers = new LoadOfficers(OFFICERS);
  private final Citizens citizens = new Citizens('5', KNOWN_POOL);
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicReference<String> phase = new AtomicReference<>("before");

  private static String stateMetric(String state) {
    return "resilience4j_circuitbreaker_state\\{[^}]*name=\"" + BREAKER + "\",state=\"" + state + "\"\\} ([0-9.]+)";
  }

  /** Reads the breaker's state into {@code breaker} (open, half_open or closed). */
  private static ChainBuilder readBreaker() {
    return exec(http("operator: breaker state").get(Target.MANAGEMENT_URL + "/metrics")
        .check(status().is(200),
            regex(stateMetric("open")).saveAs("open"),
            regex(stateMetric("closed")).saveAs("closed")))
        .exec(session -> session.set("breaker",
            session.getString("open").startsWith("1") ? "open" : session.getString("closed").startsWith("1") ? "closed" : "half_open"));
  }

  private final ScenarioBuilder operator = scenario("operator")
      .pause(Duration.ofSeconds(Math.max(0, FAULT_AFTER - 2)))
      // lookups started from here on may meet the fault: label them before it is switched on, and give those
      // in flight (at most the gateway's upstream time limit) 2 s to finish as "before"
      .exec(session -> {
        phase.set("opening");
        return session;
      })
      .pause(Duration.ofSeconds(Math.min(2, FAULT_AFTER)))
      .exec(http("operator: inject fault").put(Target.SANDBOX_URL + "/sandbox/faults/" + BREAKER)
          .body(StringBody("{\"addedLatency\":" + ADDED_LATENCY_MS + "}")).asJson().check(status().is(200)))
      .exec(session -> session.set("faultAt", System.nanoTime()))
      .asLongAs(session -> elapsed(session) < FAULT_SECONDS).on(
          readBreaker()
              .exec(session -> {
                String breaker = session.getString("breaker");
                phase.set("open".equals(breaker) && elapsed(session) >= STALE_AFTER_SECONDS ? "breaker open"
                    : "half_open".equals(breaker) ? "half open" : "opening");
                return session;
              })
              .pause(Duration.ofMillis(200)))
      .exec(http("operator: lift fault").delete(Target.SANDBOX_URL + "/sandbox/faults").check(status().is(200)))
      .exec(session -> {
        phase.set("healing");
        return session;
      })
      .asLongAs(session -> !"closed".equals(session.getString("breaker")) && elapsed(session) < FAULT_SECONDS + RECOVERY_SECONDS).on(
          exec(session -> session.set("breaker", "unknown")).pause(Duration.ofMillis(200)).exec(readBreaker()))
      .exec(session -> {
        if ("closed".equals(session.getString("breaker"))) {
          phase.set("recovered");
        }
        return session;
      });

  private static double elapsed(io.gatling.javaapi.core.Session session) {
    return (System.nanoTime() - session.getLong("faultAt")) / 1e9;
  }

  private final ScenarioBuilder officersAtWork = scenario("officers")
      .exec(Chains.login(officers, next))
      .during(Duration.ofSeconds(FAULT_AFTER + FAULT_SECONDS + RECOVERY_SECONDS)).on(
          exec(session -> {
            boolean known = ThreadLocalRandom.current().nextBoolean();
            return session.set("cid", known ? citizens.pooled() : citizens.fresh())
                .set("known", known ? "known" : "new").set("phase", phase.get());
          })
              .doSwitchOrElse("#{phase}").on(
                  onCase("before").then(exec(Chains.ok(Chains.person("person (before)")))),
                  onCase("breaker open").then(
                      doIfKnown(exec(Chains.person("known person (breaker open)")
                              .check(status().is(200), header("X-Cache").is("STALE"))),
                          exec(Chains.person("new person (breaker open)")
                              .check(status().is(503), header("Retry-After").exists(),
                                  jsonPath("$.type").is("urn:linkgate:problem:upstream-circuit-open"))))),
                  onCase("recovered").then(exec(Chains.ok(Chains.person("person (recovered)")))))
              .orElse(exec(Chains.person("person (#{phase})").check(status().in(200, 503, 504))))
              .pause(THINK_MIN, THINK_MAX));

  private static ChainBuilder doIfKnown(ChainBuilder known, ChainBuilder fresh) {
    return doIfEqualsOrElse("#{known}", "known").then(known).orElse(fresh);
  }

  {
    setUp(
        officersAtWork.injectOpen(rampUsers(OFFICERS).during(Duration.ofSeconds(Math.max(1, FAULT_AFTER / 4)))),
        operator.injectOpen(atOnceUsers(1)))
        .protocols(Chains.protocol())
        .assertions(
            details("login").successfulRequests().percent().gte(99.9),
            details("person (before)").successfulRequests().percent().gte(99.5),
            details("known person (breaker open)").allRequests().count().gte(5L),
            details("known person (breaker open)").successfulRequests().percent().gte(99.0),
            details("new person (breaker open)").allRequests().count().gte(5L),
            details("new person (breaker open)").successfulRequests().percent().gte(99.0),
            details("known person (breaker open)").responseTime().percentile(95.0).lt(Target.integer("brownout.openP95Ms", 250)),
            details("new person (breaker open)").responseTime().percentile(95.0).lt(Target.integer("brownout.openP95Ms", 250)),
            // the half-open trial calls wait for the upstream, but never longer than its time limit (+ slack)
            details("known person (breaker open)").responseTime().max().lt(Target.integer("brownout.maxMs", 2500)),
            details("new person (breaker open)").responseTime().max().lt(Target.integer("brownout.maxMs", 2500)),
            details("person (recovered)").allRequests().count().gte(5L),
            details("person (recovered)").successfulRequests().percent().gte(99.0),
            details("operator: inject fault").successfulRequests().percent().is(100.0),
            details("operator: lift fault").successfulRequests().percent().is(100.0));
    Target.rejectUnknown("brownout.");
    Target.rejectUnknown("linkgate.");
  }

  @Override
  public void before() {
    officers.register();
  }
}
