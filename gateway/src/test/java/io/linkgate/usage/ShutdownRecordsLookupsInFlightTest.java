package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.citizen.CitizenId;
import io.linkgate.sandbox.Sandbox;
import io.linkgate.sandbox.SandboxEndpoint;
import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway.stop closed the usage journal right after the API servers' grace period, while lookups admitted before the
 * stop were still waiting on their upstream (upstream.lookupTimeout is counted from the lookup step and can outlast
 * api.shutdownGracePeriod): their usage record was refused, and the upstream had been asked about a citizen with no
 * line in the control book. The stop now waits for every lookup to be recorded before it closes the journal.
 */
class ShutdownRecordsLookupsInFlightTest {

  @TempDir
  Path dir;

  @Test
  void should_record_a_lookup_still_waiting_on_its_upstream_when_the_api_stops() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
    String url = TestDatabase.newDatabaseUrl();
    RunningGateway running = RunningGateway.demo(dir, null, Map.of("api.shutdownGracePeriod", "300ms"), clock, url);
    Lookups lookups = new Lookups(running.api());
    Sandbox sandbox = running.gateway().sandbox();
    String officer = Lookups.login(running, "officer");
    assertEquals(200, lookups.person(officer, cid(200)).statusCode()); // warm-up, recorded
    running.gateway().usageWritten().await();
    long rowsBefore = rows(url);

    sandbox.setLatency(Duration.ofMillis(2000), Duration.ofMillis(2000));
    io.vertx.core.Vertx clientVertx = io.vertx.core.Vertx.vertx();
    Lookups own = new Lookups(io.vertx.ext.web.client.WebClient.create(clientVertx,
        new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(running.gateway().apiPort())));
    Future<HttpResponse<Buffer>> inFlight = own.request(officer, "NC-CIVILREG", "/v1/linkage/persons/" + cid(500)).send();
    // the gateway's and the in-process sandbox's HTTP servers share these meters: 2 GETs in flight = the lookup, and the
    // lookup's call as the sandbox (the upstream) received it
    long until = System.nanoTime() + 1_500_000_000L;
    while (activeGets(running) < 2 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    long upstreamCalls = (long) activeGets(running) - 1;
    long seqBefore = running.gateway().journal().durableSeq();
    double refusedBefore = refused(running);

    running.gateway().stop(); // SIGTERM

    try {
      inFlight.await(); // its connection was closed when the grace period ended: no answer is expected
    } catch (RuntimeException closed) {
      // HttpClosedException
    }
    long rowsAfter = rows(url);
    clientVertx.close().await();
    assertEquals(1, upstreamCalls, "the lookup reached the upstream");
    assertEquals(seqBefore + 1, running.gateway().journal().durableSeq(), "its record reached the journal");
    assertEquals(refusedBefore, refused(running), "no record was refused");
    assertEquals(rowsBefore + 1, rowsAfter, "and was shipped at the stop: the lookup that reached the upstream is in the usage log");
  }

  private static double activeGets(RunningGateway running) {
    var g = running.gateway().registry().find("vertx.http.server.active.requests").tag("method", "GET").gauge();
    return g == null ? 0 : g.value();
  }

  private static double refused(RunningGateway running) {
    var c = running.gateway().registry().find("linkgate.usage.records").tag("stage", "refused").counter();
    return c == null ? 0 : c.count();
  }

  private static String cid(int n) {
    String cid;
    do {
      cid = CitizenId.withCheckDigit("3101700" + String.format("%05d", n++));
    } while (io.linkgate.sandbox.Population.isNotFound(cid));
    return cid;
  }

  private static long rows(String url) throws Exception {
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT count(*) FROM usage_log")) {
      r.next();
      return r.getLong(1);
    }
  }
}
