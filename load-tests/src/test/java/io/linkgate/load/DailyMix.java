package io.linkgate.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A working day's mix: {@code mix.officers} officers signed in, each looking up persons (60 %), houses (25 %)
 * and juristic persons through GDX (15 %) with think times of {@code mix.thinkMinMs}..{@code mix.thinkMaxMs}.
 * A share {@code mix.hitRatio} of lookups is about a small pool ({@code mix.hitPool}) of citizens and companies,
 * each looked up once of every kind by a warm-up before the officers start, so that every such lookup is a cache
 * hit; the rest are about IDs not seen before in the run (misses, answered by the sandbox). Each lookup is checked
 * to be answered as expected ({@code X-Cache: HIT} or {@code MISS}), so the ratio asked for is the ratio served.
 *
 * <p>Assertions: >= {@code mix.successPercent} % of lookups succeed (200 with the expected cache status) and at
 * most {@code mix.maxFailures} requests fail in all; each kind's p99 under {@code mix.p99Ms}. The observed X-Cache
 * share is printed at the end.
 */
public class DailyMix extends Simulation {

  static final int OFFICERS = Target.integer("mix.officers", 40, 1);
  static final Duration RAMP = Target.seconds("mix.rampSeconds", 20);
  static final Duration DURATION = Target.seconds("mix.durationSeconds", 180);
  static final double HIT_RATIO = Target.decimal("mix.hitRatio", 0.8, 0.0, 1.0);
  static final int HIT_POOL = Target.integer("mix.hitPool", 200, 1);
  static final Duration THINK_MIN = Target.millis("mix.thinkMinMs", 500);
  static final Duration THINK_MAX = Target.millisAtLeast("mix.thinkMaxMs", 2000, THINK_MIN);
  static final int P99_MS = Target.integer("mix.p99Ms", 800);

  private final LoadOfficers officers = new LoadOfficers(OFFICERS);
  private final Citizens citizens = new Citizens('4', HIT_POOL);
  private final Citizens companies = new Citizens('0', HIT_POOL);
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger warmNext = new AtomicInteger();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong lookups = new AtomicLong();

  private ChainBuilder pick() {
    return exec(session -> {
      boolean hit = ThreadLocalRandom.current().nextDouble() < HIT_RATIO;
      return session.set("cid", hit ? citizens.pooled() : citizens.fresh())
          .set("jid", hit ? companies.pooled() : companies.fresh())
          .set("expectedCache", hit ? "HIT" : "MISS");
    });
  }

  private ChainBuilder count() {
    return exec(session -> {
      lookups.incrementAndGet();
      if ("HIT".equals(session.getString("xcache"))) {
        hits.incrementAndGet();
      }
      return session.remove("xcache");
    });
  }

  /** 200 with the cache status the pick expects; the one seen is kept for the printed share. */
  private static HttpRequestActionBuilder served(HttpRequestActionBuilder request) {
    return Chains.ok(request).check(header("X-Cache").saveAs("xcache"), header("X-Cache").isEL("#{expectedCache}"));
  }

  /** Sessions that look up the pool before the run: at most one per officer, each its share of the pool. */
  static final int WARMERS = Math.max(1, Math.min(OFFICERS, HIT_POOL));

  /**
   * Officer {@code k} of the warm-up looks up pool entries {@code k}, {@code k + WARMERS}, ... of every kind,
   * within the session's rate (three lookups every 0.6 s, two of them under one agency service), then logs out.
   */
  private final ScenarioBuilder warmUp = scenario("warm-up")
      .exec(Chains.login(officers, warmNext))
      .repeat((HIT_POOL + WARMERS - 1) / WARMERS, "round").on(
          exec(session -> session.set("p", session.getInt("round") * WARMERS + session.getInt("officer")))
              .doIf(session -> session.getInt("p") < HIT_POOL).then(
                  exec(session -> session.set("cid", citizens.pooled(session.getInt("p")))
                      .set("jid", companies.pooled(session.getInt("p"))))
                      .exec(Chains.ok(Chains.person("warm-up person")))
                      .exec(Chains.ok(Chains.house("warm-up house")))
                      .exec(Chains.ok(Chains.juristic("warm-up juristic")))
                      .pause(Duration.ofMillis(600))))
      .exec(Chains.logout());

  private final ScenarioBuilder day = scenario("daily mix")
      .exec(Chains.login(officers, next))
      .during(DURATION).on(
          pick()
              .randomSwitch().on(
                  percent(60.0).then(exec(served(Chains.person("person")))),
                  percent(25.0).then(exec(served(Chains.house("house")))),
                  percent(15.0).then(exec(served(Chains.juristic("juristic")))))
              .exec(count())
              .pause(THINK_MIN, THINK_MAX));

  {
    setUp(warmUp.injectOpen(atOnceUsers(WARMERS)).andThen(day.injectOpen(rampUsers(OFFICERS).during(RAMP))))
        .protocols(Chains.protocol())
        .assertions(
            details("login").successfulRequests().percent().gte(99.9),
            details("person").successfulRequests().percent().gte(Target.decimal("mix.successPercent", 99.5, 0.0, 100.0)),
            details("house").successfulRequests().percent().gte(Target.decimal("mix.successPercent", 99.5, 0.0, 100.0)),
            details("juristic").successfulRequests().percent().gte(Target.decimal("mix.successPercent", 99.5, 0.0, 100.0)),
            details("person").responseTime().percentile(99.0).lt(P99_MS),
            details("house").responseTime().percentile(99.0).lt(P99_MS),
            details("juristic").responseTime().percentile(99.0).lt(P99_MS),
            global().failedRequests().count().lte(Math.max(0L, (long) Target.integer("mix.maxFailures", 10))));
    Target.rejectUnknown("mix.");
    Target.rejectUnknown("linkgate.");
  }

  @Override
  public void before() {
    officers.register();
  }

  @Override
  public void after() {
    long n = lookups.get();
    System.out.printf("DailyMix: %d lookups, %.1f %% answered from the cache (X-Cache: HIT), %.0f %% asked for%n",
        n, n == 0 ? 0.0 : 100.0 * hits.get() / n, 100 * HIT_RATIO);
  }
}
