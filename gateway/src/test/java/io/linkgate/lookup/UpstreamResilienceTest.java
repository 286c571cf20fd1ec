package io.linkgate.lookup;

import static io.linkgate.testing.Lookups.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.linkgate.citizen.CitizenId;
import io.linkgate.registry.AdminAudit;
import io.linkgate.sandbox.Fault;
import io.linkgate.sandbox.Population;
import io.linkgate.sandbox.Sandbox;
import io.linkgate.sandbox.SandboxEndpoint;
import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.linkgate.upstream.UpstreamEndpoint;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Circuit breaker, timeout, bulkhead and retries per upstream endpoint, under sandbox fault injection. */
class UpstreamResilienceTest {

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
  RunningGateway running;
  Lookups lookups;
  Sandbox sandbox;
  String officer;
  int next = 500;

  void start(String resilienceYaml, Map<String, String> extra) throws Exception {
    start(100_000, resilienceYaml, extra);
  }

  void start(int officerDaily, String resilienceYaml, Map<String, String> extra) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "limits:\n  sessionBurst: 1000\n  sessionRate: 1000\n  officerDaily: " + officerDaily + "\n" + resilienceYaml);
    running = RunningGateway.demo(dir, file, extra, clock, TestDatabase.newDatabaseUrl());
    lookups = new Lookups(running.api());
    sandbox = running.gateway().sandbox();
    officer = Lookups.login(running, "officer");
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  String freshCitizen() {
    String cid;
    do {
      cid = CitizenId.withCheckDigit("3101800" + String.format("%05d", next++));
    } while (Population.isNotFound(cid));
    return cid;
  }

  long calls() {
    return sandbox.calls(SandboxEndpoint.LINKAGE_LINK);
  }

  CircuitBreaker.State breaker() {
    return running.gateway().upstreams().endpoint(UpstreamEndpoint.LINKAGE_LINK).breakerState();
  }

  @Test
  void should_open_the_breaker_answer_fast_503s_and_recover_through_half_open() throws Exception {
    start("resilience:\n  minimumCalls: 5\n  slidingWindow: 10\n  retries: 0\n  openDuration: 10s\n  halfOpenCalls: 2\n", Map.of());
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(1.0, Duration.ZERO, false));
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> failed = lookups.person(officer, freshCitizen());
      assertEquals(502, failed.statusCode());
      assertEquals("upstream-error", type(failed));
    }
    assertEquals(CircuitBreaker.State.OPEN, breaker());
    long afterOpening = calls();
    for (int i = 0; i < 20; i++) {
      HttpResponse<Buffer> fast = lookups.person(officer, freshCitizen());
      assertEquals(503, fast.statusCode());
      assertEquals("upstream-circuit-open", type(fast));
      assertEquals("10", fast.getHeader("Retry-After"));
    }
    assertEquals(afterOpening, calls(), "no upstream call while the circuit is open");
    assertTrue(running.gateway().registry().scrape().contains(
        "resilience4j_circuitbreaker_state{application=\"linkgate\",name=\"linkage-link\",state=\"open\"} 1.0"));

    sandbox.resetFaults();
    clock.advance(Duration.ofSeconds(11));
    assertEquals(200, lookups.person(officer, freshCitizen()).statusCode());
    assertEquals(CircuitBreaker.State.HALF_OPEN, breaker());
    assertEquals(200, lookups.person(officer, freshCitizen()).statusCode());
    assertEquals(CircuitBreaker.State.CLOSED, breaker());
  }

  /**
   * A lookup whose call failed and whose retry the breaker (opened by that failure) turned away answers circuit-open,
   * as any lookup the open breaker turns away, but keeps its quotas spent: the upstream was asked and counted the call.
   * They were given back.
   */
  @Test
  void should_keep_the_quota_spent_when_the_breaker_turns_away_the_retry_of_a_call_that_was_sent() throws Exception {
    start(2, "resilience:\n  minimumCalls: 1\n  slidingWindow: 1\n  retries: 1\n  retryBackoff: 0ms\n  openDuration: 10s\n", Map.of());
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(1.0, Duration.ZERO, false));
    long before = calls();
    HttpResponse<Buffer> failed = lookups.person(officer, freshCitizen());
    assertEquals(1, calls() - before, "one call sent, its retry turned away");
    assertEquals(CircuitBreaker.State.OPEN, breaker());
    assertEquals("upstream-circuit-open", type(failed));
    assertEquals("upstream-circuit-open", type(lookups.person(officer, freshCitizen())), "turned away before any call: given back");
    sandbox.resetFaults();
    clock.advance(Duration.ofSeconds(11));
    assertEquals(200, lookups.person(officer, freshCitizen()).statusCode(), "the second of two");
    assertEquals("quota-officer-daily", type(lookups.person(officer, freshCitizen())), "the failed lookup counted");
  }

  @Test
  void should_not_spend_the_quotas_on_lookups_turned_away_by_an_open_breaker() throws Exception {
    start(8, "resilience:\n  minimumCalls: 5\n  slidingWindow: 10\n  retries: 0\n  openDuration: 10s\n  halfOpenCalls: 2\n", Map.of());
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(1.0, Duration.ZERO, false));
    for (int i = 0; i < 5; i++) {
      assertEquals(502, lookups.person(officer, freshCitizen()).statusCode(), "the upstream was asked: these count");
    }
    for (int i = 0; i < 20; i++) {
      HttpResponse<Buffer> fast = lookups.person(officer, freshCitizen());
      assertEquals("upstream-circuit-open", type(fast), "an officer retrying while the breaker is open keeps the quota");
    }
    sandbox.resetFaults();
    clock.advance(Duration.ofSeconds(11));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, lookups.person(officer, freshCitizen()).statusCode(), "lookup " + (6 + i) + " of 8");
    }
    HttpResponse<Buffer> ninth = lookups.person(officer, freshCitizen());
    assertEquals("quota-officer-daily", type(ninth), "the five that reached the failing upstream count");
  }

  @Test
  void should_not_open_the_breaker_for_everyone_when_gdx_refuses_the_credentials_of_a_call() throws Exception {
    start("resilience:\n  minimumCalls: 5\n  slidingWindow: 10\n  retries: 0\n", Map.of());
    // what GdxClient makes of a 4xx from GDX's token service for one officer's agent id
    var endpoint = running.gateway().upstreams().endpoint(UpstreamEndpoint.LINKAGE_LINK);
    for (int i = 0; i < 10; i++) {
      Throwable refused = endpoint.call(true, () -> Future.failedFuture(io.linkgate.upstream.GdxClient.UPSTREAM_REFUSED.exception("refused")))
          .transform(ar -> Future.succeededFuture(ar.cause())).await();
      assertEquals("upstream-refused", ((io.linkgate.http.ProblemException) refused).type().slug());
    }
    assertEquals(CircuitBreaker.State.CLOSED, breaker(), "a refusal of one call's credentials is not a failure of the upstream");
    assertEquals(200, lookups.person(officer, freshCitizen()).statusCode(), "other officers' lookups go on");
  }

  /**
   * GDX's token service failing (HTTP 5xx from auth/validate) is a failure of the upstream, as a 5xx of the data call
   * is: it counts for the breaker, and the answer is upstream-error (it was upstream-refused, "check the credentials",
   * and a breaker that never opened through an outage of GDX's token service).
   */
  @Test
  void should_answer_a_failing_gdx_token_service_as_an_upstream_error_without_opening_the_data_endpoints_breaker() throws Exception {
    start("resilience:\n  minimumCalls: 5\n  slidingWindow: 10\n  retries: 0\n  openDuration: 10s\n", Map.of());
    sandbox.revokeTokens(); // the officer's token (fetched at login) is refused: the next lookups need a new one
    sandbox.setFault(SandboxEndpoint.GDX_AUTH, new Fault(1.0, Duration.ZERO, false));
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> failed = lookups.person(officer, freshCitizen());
      assertEquals(502, failed.statusCode());
      assertEquals("upstream-error", type(failed), failed.bodyAsString());
      assertEquals("token", failed.bodyAsJsonObject().getString("upstreamCall"), failed.bodyAsString());
    }
    // linkage-link itself was never called: officers holding a token go on being served
    assertEquals(CircuitBreaker.State.CLOSED, breaker());
    sandbox.resetFaults();
    assertEquals(200, lookups.person(officer, freshCitizen()).statusCode());
    String metrics = running.gateway().registry().scrape();
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("linkgate_upstream_requests_seconds_count{")
            && l.contains("outcome=\"error\"") && l.contains("upstream=\"linkage-link\"") && l.endsWith(" 5")),
        "counted as upstream errors: " + metrics.lines().filter(l -> l.startsWith("linkgate_upstream_requests_seconds_count")).toList());
  }

  @Test
  void should_open_the_breaker_when_the_gdx_token_service_does_not_answer_as_for_any_call_to_a_host_that_is_down() throws Exception {
    start("resilience:\n  minimumCalls: 5\n  slidingWindow: 10\n  retries: 0\n  openDuration: 10s\n",
        Map.of("upstream.requestTimeout", "300ms"));
    sandbox.revokeTokens();
    sandbox.setFault(SandboxEndpoint.GDX_AUTH, new Fault(0, Duration.ofSeconds(30), false));
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> failed = lookups.person(officer, freshCitizen());
      assertEquals(504, failed.statusCode(), failed.bodyAsString());
    }
    assertEquals(CircuitBreaker.State.OPEN, breaker());
    HttpResponse<Buffer> fast = lookups.person(officer, freshCitizen());
    assertEquals(503, fast.statusCode());
    assertEquals("upstream-circuit-open", type(fast));
    sandbox.resetFaults();
  }

  @Test
  void should_give_back_the_connection_of_a_call_that_timed_out() throws Exception {
    start("resilience:\n  minimumCalls: 1000\n  slidingWindow: 1000\n  retries: 0\n", Map.of("upstream.requestTimeout", "300ms"));
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(0, Duration.ofSeconds(30), false));
    List<Future<HttpResponse<Buffer>>> hung = new ArrayList<>();
    for (int i = 0; i < 70; i++) { // more than the upstream connection pool holds
      hung.add(running.api().get("/v1/linkage/persons/" + freshCitizen()).putHeader("X-Api-Key", io.linkgate.registry.DemoData.API_KEY)
          .bearerTokenAuthentication(officer).putHeader("X-Service-Code", "NC-CIVILREG").send());
    }
    for (Future<HttpResponse<Buffer>> f : hung) {
      assertEquals(504, f.await().statusCode());
    }
    sandbox.resetFaults();
    HttpResponse<Buffer> after = lookups.person(officer, freshCitizen());
    assertEquals(200, after.statusCode(), "the timed-out calls' connections were closed, not left waiting 30 s for their answers: "
        + after.bodyAsString());
  }

  @Test
  void should_keep_an_open_breaker_open_when_a_reload_changes_only_the_bulkhead_or_the_retries() throws Exception {
    String breaker = "resilience:\n  minimumCalls: 5\n  slidingWindow: 10\n  openDuration: 10s\n";
    start(breaker + "  retries: 0\n", Map.of());
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(1.0, Duration.ZERO, false));
    for (int i = 0; i < 5; i++) {
      assertEquals(502, lookups.person(officer, freshCitizen()).statusCode());
    }
    assertEquals(CircuitBreaker.State.OPEN, breaker());
    // during the outage an operator raises the bulkhead and the retries
    Files.writeString(dir.resolve("gateway.yaml"), "limits:\n  sessionBurst: 1000\n  sessionRate: 1000\n  officerDaily: 100000\n"
        + breaker + "  retries: 2\n  maxConcurrentCalls: 512\n");
    running.gateway().reloadConfig(AdminAudit.SIGNAL);
    assertEquals(CircuitBreaker.State.OPEN, breaker(), "the outage is not forgotten");
    long calls = calls();
    assertEquals("upstream-circuit-open", type(lookups.person(officer, freshCitizen())));
    assertEquals(calls, calls(), "no call let through to the failing upstream");
  }

  /**
   * A reload lowering the bulkhead under load waits, on the reloading thread, for the calls in flight above the new
   * limit, new calls refused meanwhile; every other setting it carries, of every endpoint, applies at once (the
   * lowering of the first endpoint held back the others' until its calls ended).
   */
  @Test
  void should_apply_a_reloads_other_settings_at_once_while_a_lowered_bulkhead_waits_for_the_calls_in_flight() throws Exception {
    start("resilience:\n  maxConcurrentCalls: 4\n  retries: 0\n", Map.of());
    sandbox.setLatency(Duration.ofMillis(2500), Duration.ofMillis(2500));
    List<Future<HttpResponse<Buffer>>> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(lookups.request(officer, "NC-CIVILREG", "/v1/linkage/persons/" + freshCitizen()).send());
    }
    for (long until = System.nanoTime() + 2_000_000_000L; freePlaces() > 0 && System.nanoTime() < until; ) {
      Thread.sleep(5);
    }
    assertEquals(0, freePlaces(), "the four lookups hold the bulkhead");
    Files.writeString(dir.resolve("gateway.yaml"), "limits:\n  sessionBurst: 1000\n  sessionRate: 1000\n  officerDaily: 100000\n"
        + "resilience:\n  maxConcurrentCalls: 2\n  retries: 2\n");
    CompletableFuture<?> reload = CompletableFuture.runAsync(() -> running.gateway().reloadConfig(AdminAudit.SIGNAL));
    for (long until = System.nanoTime() + 1_500_000_000L; !allRetry(2) && System.nanoTime() < until; ) {
      Thread.sleep(5);
    }
    assertTrue(allRetry(2), "every endpoint's retries apply while the lowering waits");
    assertFalse(held.stream().anyMatch(Future::isComplete), "the calls are still in flight");
    assertFalse(reload.isDone(), "the lowering waits for them");
    assertEquals("upstream-busy", type(lookups.person(officer, freshCitizen())), "new calls are refused meanwhile");
    Future.all(held).await();
    held.forEach(h -> assertEquals(200, h.result().statusCode()));
    reload.get(5, TimeUnit.SECONDS);
    sandbox.setLatency(Duration.ofMillis(400), Duration.ofMillis(400));
    List<Future<HttpResponse<Buffer>>> after = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      after.add(lookups.request(officer, "NC-CIVILREG", "/v1/linkage/persons/" + freshCitizen()).send());
    }
    Future.all(after).await();
    assertEquals(2, after.stream().filter(c -> c.result().statusCode() == 200).count(), "two at once from now on");
  }

  private double freePlaces() {
    return running.gateway().registry().get("resilience4j.bulkhead.available.concurrent.calls").tag("name", "linkage-link").gauge().value();
  }

  private boolean allRetry(int retries) {
    for (UpstreamEndpoint e : UpstreamEndpoint.values()) {
      if (running.gateway().upstreams().endpoint(e).config().retries() != retries) {
        return false;
      }
    }
    return true;
  }

  /**
   * The Linkage Center reports its own back end timing out (90012) inside an HTTP 200: those are failures of the
   * upstream for the breaker, the upstream metric and the usage log's outcome (they counted as successful calls and
   * as LinkGate's own errors); a provider's 4xx (00404) is not.
   */
  @Test
  void should_count_failures_the_linkage_center_reports_in_its_answers() throws Exception {
    start("resilience:\n  minimumCalls: 5\n  slidingWindow: 10\n  retries: 0\n  openDuration: 10s\n", Map.of());
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(1.0, Duration.ZERO, false, "00404"));
    for (int i = 0; i < 6; i++) {
      assertEquals(404, lookups.person(officer, freshCitizen()).statusCode());
    }
    assertEquals(CircuitBreaker.State.CLOSED, breaker(), "a provider's 4xx is an answer, not a failure");

    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(1.0, Duration.ZERO, false, "90012"));
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> failed = lookups.person(officer, freshCitizen());
      assertEquals(504, failed.statusCode());
      assertEquals("linkage-upstream-timeout", type(failed));
    }
    assertEquals(CircuitBreaker.State.OPEN, breaker());
    HttpResponse<Buffer> fast = lookups.person(officer, freshCitizen());
    assertEquals("upstream-circuit-open", type(fast));
    String metrics = running.gateway().registry().scrape();
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("linkgate_upstream_requests_seconds_count{")
            && l.contains("outcome=\"error\"") && l.contains("upstream=\"linkage-link\"") && l.endsWith(" 5")),
        "counted as upstream errors: " + metrics.lines().filter(l -> l.startsWith("linkgate_upstream_requests_seconds_count")).toList());
    running.gateway().usageWritten().await();
    try (var c = TestDatabase.connect(running.dbUrl());
         var st = c.prepareStatement("SELECT outcome, count(*) FROM usage_log WHERE problem = 'linkage-upstream-timeout' GROUP BY outcome");
         var rs = st.executeQuery()) {
      assertTrue(rs.next());
      assertEquals("UPSTREAM_ERROR", rs.getString(1), "the usage log's outcome (it said ERROR: LinkGate's own)");
      assertEquals(5, rs.getInt(2));
    }
  }

  @Test
  void should_not_count_linkage_refusals_or_not_found_as_failures() throws Exception {
    start("resilience:\n  minimumCalls: 3\n  slidingWindow: 5\n  retries: 0\n", Map.of());
    for (int i = 0; i < 10; i++) {
      assertEquals(404, lookups.person(officer, CitizenId.withCheckDigit(String.format("1000000%03d", i) + "00")).statusCode());
    }
    assertEquals(CircuitBreaker.State.CLOSED, breaker());
  }

  @Test
  void should_answer_504_when_the_upstream_is_slower_than_the_time_limit() throws Exception {
    start("resilience:\n  retries: 0\n", Map.of("upstream.requestTimeout", "200ms"));
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(0, Duration.ofSeconds(2), false));
    HttpResponse<Buffer> slow = lookups.person(officer, freshCitizen());
    assertEquals(504, slow.statusCode());
    assertEquals("upstream-timeout", type(slow));
  }

  @Test
  void should_refuse_at_once_beyond_the_bulkhead() throws Exception {
    start("resilience:\n  maxConcurrentCalls: 2\n  retries: 0\n", Map.of());
    sandbox.setLatency(Duration.ofMillis(400), Duration.ofMillis(400));
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      calls.add(lookups.request(officer, "NC-CIVILREG", "/v1/linkage/persons/" + freshCitizen()).send());
    }
    Future.all(calls).await();
    long ok = calls.stream().filter(c -> c.result().statusCode() == 200).count();
    long busy = calls.stream().filter(c -> c.result().statusCode() == 503 && "upstream-busy".equals(type(c.result()))).count();
    assertEquals(2, ok);
    assertEquals(4, busy);
  }

  @Test
  void should_retry_idempotent_reads_only_within_the_retry_budget() throws Exception {
    start("resilience:\n  minimumCalls: 1000\n  slidingWindow: 1000\n  retries: 1\n  retryBudget: 0.1\n  retryBackoff: 0ms\n", Map.of());
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(1.0, Duration.ZERO, false));
    long before = calls();
    for (int i = 0; i < 30; i++) {
      assertEquals(502, lookups.person(officer, freshCitizen()).statusCode());
    }
    long made = calls() - before;
    assertTrue(made > 30, "at least one retry: " + made);
    assertTrue(made <= 30 + 4, "retries stay within 10 % (+1 initial credit): " + made);
  }

  @Test
  void should_fetch_a_new_gdx_token_when_gdx_refuses_the_old_one() throws Exception {
    start("", Map.of());
    assertEquals(200, lookups.person(officer, freshCitizen()).statusCode());
    long tokensBefore = sandbox.calls(SandboxEndpoint.GDX_AUTH);
    sandbox.revokeTokens();
    assertEquals(200, lookups.person(officer, freshCitizen()).statusCode());
    assertEquals(tokensBefore + 1, sandbox.calls(SandboxEndpoint.GDX_AUTH));
    assertEquals(200, lookups.person(officer, freshCitizen()).statusCode());
    assertEquals(tokensBefore + 1, sandbox.calls(SandboxEndpoint.GDX_AUTH), "the new token is reused");
  }

  double meter(String name, String outcome) {
    var search = running.gateway().registry().find(name).tag("upstream", "linkage-link");
    return outcome == null ? search.counter().count() : search.tag("outcome", outcome).timer().count();
  }

  /** Seconds a lookup took to answer. */
  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * One deadline for all of a lookup's upstream calls: with a 1 s limit per call and two retries a hung upstream held a
   * lookup 3 s (three calls); within upstream.lookupTimeout 1.5 s the retry gets the 0.5 s left and no third call is
   * made. The answer is the 504 of a timed-out call, and an expired cached answer still covers it (STALE).
   */
  @Test
  void should_end_a_lookups_retries_at_its_deadline_with_the_504_of_a_timeout_or_a_stale_answer() throws Exception {
    start("resilience:\n  minimumCalls: 1000\n  slidingWindow: 1000\n  retries: 2\n  retryBudget: 1\n  retryBackoff: 0ms\n",
        Map.of("upstream.requestTimeout", "1s", "upstream.lookupTimeout", "1500ms"));
    String cached = freshCitizen();
    assertEquals(200, lookups.person(officer, cached).statusCode());
    clock.advance(Duration.ofMinutes(11)); // expired, within the stale-if-error window
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(0, Duration.ofSeconds(30), false));

    double retries = meter("linkgate.upstream.retries", null);
    double timeouts = meter("linkgate.upstream.requests", "timeout");
    long start = System.nanoTime();
    HttpResponse<Buffer> slow = lookups.person(officer, freshCitizen());
    double took = seconds(start);
    assertEquals(504, slow.statusCode(), type(slow));
    assertEquals("upstream-timeout", type(slow));
    assertEquals(1, meter("linkgate.upstream.retries", null) - retries, "one retry, in the time left");
    assertEquals(2, meter("linkgate.upstream.requests", "timeout") - timeouts, "two calls, not three");
    assertTrue(took < 2.5, "answered at the lookup's deadline (1.5 s), not after three calls' time limits: " + took + " s");

    start = System.nanoTime();
    HttpResponse<Buffer> stale = lookups.person(officer, cached);
    took = seconds(start);
    assertEquals(200, stale.statusCode(), type(stale));
    assertEquals("STALE", stale.getHeader("X-Cache"));
    assertTrue(took < 2.5, "the stale answer at the deadline: " + took + " s");
    sandbox.resetFaults();
  }

  /**
   * A login's card check has the same one deadline: with a 1 s limit per call and two retries a hung card authority held
   * a login 3 s, and with the defaults (5 s, one retry, the token first) longer than card-edge waits (15 s), which then
   * gave up on a login that went on to open a session. Within upstream.lookupTimeout 1.5 s the login is refused (503
   * card-authority-unavailable) at its deadline.
   */
  @Test
  void should_end_a_logins_card_check_at_the_deadline_of_its_upstream_calls() throws Exception {
    start("resilience:\n  minimumCalls: 1000\n  slidingWindow: 1000\n  retries: 2\n  retryBudget: 1\n  retryBackoff: 0ms\n",
        Map.of("upstream.requestTimeout", "1s", "upstream.lookupTimeout", "1500ms"));
    sandbox.setFault(SandboxEndpoint.CARD_AUTHORITY, new Fault(0, Duration.ofSeconds(30), false));
    io.linkgate.registry.DemoData.Officer second = io.linkgate.registry.DemoData.OFFICERS.stream()
        .filter(o -> o.profile().equals("head")).findFirst().orElseThrow();
    io.linkgate.testing.Logins logins = running.logins();
    long start = System.nanoTime();
    HttpResponse<Buffer> refused = logins.post(io.linkgate.testing.Logins.body(logins.challenge(),
        io.linkgate.testing.Logins.card(second.citizenId()), io.linkgate.registry.DemoData.deviceFor(second),
        io.linkgate.cardedge.device.DeviceKey.demo()));
    double took = seconds(start);
    assertEquals(503, refused.statusCode(), refused.bodyAsString());
    assertEquals("card-authority-unavailable", type(refused));
    assertTrue(took < 2.5, "refused at the login's deadline (1.5 s), not after three calls' time limits: " + took + " s");
    sandbox.resetFaults();
  }

  /**
   * GDX's chain within one deadline: the officer's token refused (401), a new token, the call again. Each call is
   * within upstream.requestTimeout (1 s), so the lookup used to answer 200 after about 1.7 s; the calls after the
   * token now get only what is left of upstream.lookupTimeout (1.5 s), and the lookup answers 504 upstream-timeout.
   */
  @Test
  void should_give_the_calls_after_a_new_gdx_token_only_the_time_left_of_the_lookup() throws Exception {
    start("resilience:\n  retries: 0\n", Map.of("upstream.requestTimeout", "1s", "upstream.lookupTimeout", "1500ms"));
    sandbox.revokeTokens(); // the officer's token from login is refused: 401, then a new token
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(0, Duration.ofMillis(400), false));
    sandbox.setFault(SandboxEndpoint.GDX_AUTH, new Fault(0, Duration.ofMillis(900), false));
    long start = System.nanoTime();
    HttpResponse<Buffer> late = lookups.person(officer, freshCitizen());
    double took = seconds(start);
    assertEquals(504, late.statusCode(), type(late));
    assertEquals("upstream-timeout", type(late));
    assertTrue(took < 2.5, took + " s");
    sandbox.resetFaults();
    assertEquals(200, lookups.person(officer, freshCitizen()).statusCode(), "the new token, fetched in full, serves the next lookup");
  }
}
