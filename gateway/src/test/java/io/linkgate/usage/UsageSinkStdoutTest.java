package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.GatewayProcess;
import io.linkgate.testing.Logins;
import io.linkgate.testing.Lookups;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code usage.sink: stdout}: a gateway process writes each shipped record to its standard output as a JSON line. */
class UsageSinkStdoutTest {

  static final String CITIZEN = "3101700001098";

  @TempDir
  Path dir;

  static final Map<String, String> ENV = Map.of("LINKGATE_USAGE_SINK", "stdout", "LINKGATE_LIMITS_ENFORCE_WORKING_HOURS", "false",
      "LINKGATE_SANDBOX_LATENCY_MEDIAN", "0ms", "LINKGATE_SANDBOX_LATENCY_P99", "0ms");

  /** A demo gateway process with its standard output at {@code stdout} (null: a file of its own). */
  GatewayProcess start(String dbUrl, Path stdout) throws Exception {
    GatewayProcess gateway = GatewayProcess.start(dir.resolve("run"), List.of("--demo", "--db-url", dbUrl,
        "--data-dir", dir.resolve("data").toString()), ENV, stdout);
    gateway.awaitReady(Duration.ofSeconds(90));
    return gateway;
  }

  /** A lookup by the demo officer (answered 200); its usage id. */
  static String lookup(Vertx vertx, GatewayProcess gateway) {
    WebClient api = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.apiPort()));
    DemoData.Officer officer = DemoData.OFFICERS.stream().filter(o -> o.profile().equals("officer")).findFirst().orElseThrow();
    String token = new Logins(api).login(Logins.card(officer.citizenId()), DemoData.deviceFor(officer), DeviceKey.demo());
    HttpResponse<Buffer> lookup = new Lookups(api).person(token, CITIZEN);
    assertEquals(200, lookup.statusCode(), lookup.bodyAsString());
    return lookup.getHeader("X-Usage-Id");
  }

  @Test
  void should_write_each_shipped_record_to_standard_output_as_a_json_line_without_the_citizen_id() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (GatewayProcess gateway = start(TestDatabase.newDatabaseUrl(), null)) {
      String usageId = lookup(vertx, gateway);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      Optional<String> line = Optional.empty();
      while (line.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
        line = gateway.stdout().lines().filter(l -> l.contains(usageId)).findFirst();
      }
      String sinkLine = line.orElseThrow(() -> new AssertionError("no sink line for the lookup on stdout"));
      assertEquals(usageId, new JsonObject(sinkLine).getString("id"));
      // (the demo banner on the same output names this sandbox citizen as an example)
      assertFalse(sinkLine.contains(CITIZEN), "the sink carries the keyed hash, not the citizen ID");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void should_hold_shipping_back_when_standard_output_cannot_be_written_instead_of_losing_the_lines() throws Exception {
    // /dev/full refuses every write (ENOSPC): System.out would swallow that and the lines would be gone unseen
    Assumptions.assumeTrue(java.nio.file.Files.exists(Path.of("/dev/full")), "a system with /dev/full (Linux)");
    Vertx vertx = Vertx.vertx();
    try (GatewayProcess gateway = start(TestDatabase.newDatabaseUrl(), Path.of("/dev/full"))) {
      lookup(vertx, gateway);
      String metrics = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!positive(metrics, "linkgate_usage_ship_failures_total") && System.nanoTime() < deadline) {
        Thread.sleep(200);
        metrics = WebClient.create(vertx).get(gateway.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
      }
      assertTrue(positive(metrics, "linkgate_usage_ship_failures_total"), "shipping failed on the sink");
      // the batch is retried, sink included, until the sink takes it: the records stay in the journal meanwhile
      assertTrue(positive(metrics, "linkgate_usage_backlog"), "the record waits in the journal");
    } finally {
      vertx.close().await();
    }
  }

  /** Whether the scrape {@code metrics} has the series {@code name} (any labels) above 0. */
  static boolean positive(String metrics, String name) {
    return metrics.lines().anyMatch(l -> l.matches(java.util.regex.Pattern.quote(name) + "(\\{[^}]*})? [0-9.E]+")
        && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) > 0);
  }
}
