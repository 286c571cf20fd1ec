package io.linkgate.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.citizen.CitizenId;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.GatewayProcess;
import io.linkgate.testing.Logins;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo workload against a gateway process, then every line it wrote (stderr, stdout without the demo banner,
 * the JSON-lines usage sink), every /metrics line and the live usage stream are scanned for the citizen IDs,
 * session tokens, PINs, API key secrets and client address the workload used ({@link PersonalDataScanner}).
 * The gateway logs at DEBUG, libraries included, to widen the net.
 */
class PersonalDataScanTest {

  static final String BANNER_START = "LinkGate demo is up.";
  static final String BANNER_END = "Stop with Ctrl+C.";
  static final List<String> WRONG_PINS = List.of("0917", "0836", "0725");

  @TempDir
  Path dir;

  Vertx vertx;
  WebClient api;

  /** A valid citizen ID that the sandbox knows (its first twelve digits are not a multiple of 50). */
  static String found(long first12) {
    return CitizenId.withCheckDigit(Long.toString(first12));
  }

  @Test
  void should_write_no_citizen_id_token_pin_key_secret_or_client_address() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    int dbPort = URI.create(url.replace("postgresql://", "http://")).getPort();
    int sandboxPort = GatewayProcess.freePort();
    Path sink = dir.resolve("usage-sink.jsonl");
    Map<String, String> env = new HashMap<>(Map.of(
        "LINKGATE_LOG_LEVEL", "DEBUG",
        "LINKGATE_USAGE_SINK", "file",
        "LINKGATE_USAGE_SINK_FILE", sink.toString(),
        "LINKGATE_SESSION_BOOTSTRAP_ADMIN_TOKEN", RunningGateway.ADMIN_TOKEN,
        "LINKGATE_SANDBOX_PORT", Integer.toString(sandboxPort),
        "LINKGATE_SANDBOX_LATENCY_MEDIAN", "0ms",
        "LINKGATE_SANDBOX_LATENCY_P99", "0ms"));
    List<String> citizens = new ArrayList<>();
    Map<String, List<String>> secrets = new HashMap<>(Map.of(
        "bootstrap-token", List.of(RunningGateway.ADMIN_TOKEN),
        "api-key", new ArrayList<>(List.of(DemoData.API_KEY, "wrong-key-not-issued-0123")),
        "session-token", new ArrayList<>(List.of("lgs_forged-token-0123456789abcdef"))));
    vertx = Vertx.vertx();
    try (GatewayProcess gateway = GatewayProcess.start(dir.resolve("run"), List.of("--demo", "--db-url", url, "--data-dir",
        dir.resolve("data").toString()), env)) {
      gateway.awaitReady(Duration.ofSeconds(90));
      api = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.apiPort()));
      WebClient sandbox = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(sandboxPort));

      // --- administration with the bootstrap token: a new API key (its secret answered once), a new officer
      String apiKey = admin(HttpMethod.POST, "/v1/admin/agencies/DEMO/keys", new JsonObject().put("label", "scan test"), 201)
          .bodyAsJsonObject().getString("secret");
      secrets.get("api-key").add(apiKey);
      String newOfficer = found(310170000210L);
      citizens.add(newOfficer);
      admin(HttpMethod.POST, "/v1/admin/officers", new JsonObject().put("citizenId", newOfficer).put("agency", "DEMO")
          .put("nameTh", "ทดสอบ บันทึก").put("rank", "K1").put("roles", new JsonArray().add("USER"))
          .put("services", new JsonArray().add("NC-CIVILREG")), 201);
      DemoData.Officer officer = officer("officer");
      DemoData.Officer officer2 = officer("officer2");
      citizens.add(officer.citizenId());
      citizens.add(officer2.citizenId());
      admin(HttpMethod.GET, "/v1/admin/officers?citizenId=" + officer.citizenId(), null, 200);
      admin(HttpMethod.GET, "/v1/admin/compliance?agency=DEMO", null, 200);

      // --- card logins through card-edge with the simulated card: a wrong PIN, then the right one; a card blocked
      // by three wrong PINs (the officer is locked, then unlocked); a card of nobody registered
      String gatewayUrl = "http://127.0.0.1:" + gateway.apiPort();
      assertEquals(5, cardEdge(WRONG_PINS.get(0), "officer", gatewayUrl, dir.resolve("cards")).exit);
      CardEdgeRun ok = cardEdge(DemoData.PIN, "officer", gatewayUrl, dir.resolve("cards"));
      assertEquals(0, ok.exit, ok.err);
      String token = new JsonObject(ok.out).getString("token");
      secrets.get("session-token").add(token);
      assertEquals(5, cardEdge(WRONG_PINS.get(0), "officer2", gatewayUrl, dir.resolve("cards")).exit);
      assertEquals(5, cardEdge(WRONG_PINS.get(1), "officer2", gatewayUrl, dir.resolve("cards")).exit);
      assertEquals(6, cardEdge(WRONG_PINS.get(2), "officer2", gatewayUrl, dir.resolve("cards")).exit);
      admin(HttpMethod.POST, "/v1/admin/officers/" + DemoData.officerId(officer2) + "/unlock", null, 204);
      citizens.add(io.linkgate.cardedge.sim.SimulatedCardProfiles.byName("stranger").citizenId());
      assertEquals(7, cardEdge(DemoData.PIN, "stranger", gatewayUrl, dir.resolve("cards")).exit);
      // protocol-level logins of the auditor (central unit) and the head of agency
      DemoData.Officer auditor = officer("auditor");
      DemoData.Officer head = officer("head");
      citizens.add(auditor.citizenId());
      citizens.add(head.citizenId());
      String auditorToken = new Logins(api).login(Logins.card(auditor.citizenId()), DemoData.deviceFor(auditor), DeviceKey.demo());
      String headToken = new Logins(api).login(Logins.card(head.citizenId()), DemoData.deviceFor(head), DeviceKey.demo());
      secrets.get("session-token").addAll(List.of(auditorToken, headToken));

      // --- the live usage stream, followed by the auditor during the lookups
      StringBuffer stream = new StringBuffer();
      Promise<Void> streamed = Promise.promise();
      HttpClient http = vertx.createHttpClient();
      http.request(HttpMethod.GET, gateway.apiPort(), "127.0.0.1", "/v1/usage/stream")
          .compose(req -> req.putHeader("Authorization", "Bearer " + auditorToken).send())
          .onSuccess(resp -> resp.handler(chunk -> {
            stream.append(chunk.toString(StandardCharsets.UTF_8));
            if (stream.indexOf("data:") >= 0) {
              streamed.tryComplete();
            }
          }))
          .onFailure(streamed::tryFail);

      // --- lookups: found, not found, invalid, other datasets, refusals, upstream failures, a slow one
      List<String> persons = List.of(found(310170000110L), found(310170000120L), found(310170000130L), found(310170000140L),
          found(310170000160L));
      citizens.addAll(persons);
      for (String cid : persons.subList(0, 3)) {
        assertEquals(200, lookup(token, apiKey, "NC-CIVILREG", "/v1/linkage/persons/" + cid).statusCode());
      }
      assertEquals(200, lookup(token, apiKey, "NC-CIVILREG", "/v1/linkage/persons/" + persons.get(0)).statusCode(), "cached");
      assertEquals(200, lookup(token, apiKey, "NC-CIVILREG", "/v1/linkage/persons/" + persons.get(1) + "/house").statusCode());
      assertEquals(200, lookup(token, apiKey, "NC-CIVILREG", "/v1/linkage/services/001/" + persons.get(2) + "?version=01").statusCode());
      String notFound = CitizenId.withCheckDigit("310170000150"); // a multiple of 50: not in the synthetic population
      citizens.add(notFound);
      assertEquals(404, lookup(token, apiKey, "NC-CIVILREG", "/v1/linkage/persons/" + notFound).statusCode());
      String badCheckDigit = persons.get(0).substring(0, 12) + ((persons.get(0).charAt(12) - '0' + 1) % 10);
      citizens.add(badCheckDigit);
      assertEquals(400, lookup(token, apiKey, "NC-CIVILREG", "/v1/linkage/persons/" + badCheckDigit).statusCode());
      String dashed = persons.get(0).charAt(0) + "-" + persons.get(0).substring(1, 5) + "-" + persons.get(0).substring(5, 10) + "-"
          + persons.get(0).substring(10, 12) + "-" + persons.get(0).charAt(12);
      assertEquals(400, lookup(token, apiKey, "NC-CIVILREG", "/v1/linkage/persons/" + dashed).statusCode());
      assertEquals(200, api.post("/v1/gdx/card-checks").putHeader("X-Api-Key", apiKey).bearerTokenAuthentication(token)
          .putHeader("X-Service-Code", "NC-WELFARE").sendJsonObject(new JsonObject().put("citizenId", persons.get(0))
              .put("firstName", "สมชาย").put("lastName", "ใจดี").put("birthDate", "25300101").put("laserCode", "ME0123456789"))
          .await().statusCode());
      assertEquals(403, lookup(token, apiKey, "NC-UNKNOWN", "/v1/linkage/persons/" + persons.get(0)).statusCode(), "a refusal");
      assertEquals(401, lookup(token, "wrong-key-not-issued-0123", "NC-CIVILREG", "/v1/linkage/persons/" + persons.get(0)).statusCode());
      assertEquals(401, lookup("lgs_forged-token-0123456789abcdef", apiKey, "NC-CIVILREG", "/v1/linkage/persons/" + persons.get(0))
          .statusCode());
      assertEquals(200, sandbox.put("/sandbox/faults/linkage-link").sendJsonObject(new JsonObject().put("errorRate", 1.0)).await().statusCode());
      int failed = lookup(token, apiKey, "NC-CIVILREG", "/v1/linkage/persons/" + persons.get(3)).statusCode();
      assertTrue(failed >= 500, "an upstream failure: " + failed);
      assertEquals(200, sandbox.put("/sandbox/faults/linkage-link").sendJsonObject(new JsonObject().put("addedLatency", "3100ms")).await()
          .statusCode());
      HttpResponse<Buffer> slow = lookupRequest(token, apiKey, "NC-CIVILREG", "/v1/linkage/persons/" + persons.get(4))
          .putHeader("X-Correlation-Id", "scan-slow-request-1").send().await();
      assertEquals(200, slow.statusCode(), slow.bodyAsString());
      assertEquals(200, sandbox.delete("/sandbox/faults").send().await().statusCode());
      assertEquals(204, api.post("/v1/sessions/current/heartbeat").bearerTokenAuthentication(token).send().await().statusCode());

      // --- usage queries, a report, reload and purge
      assertEquals(200, api.get("/v1/usage?citizen=" + persons.get(0)).bearerTokenAuthentication(auditorToken).send().await().statusCode());
      assertEquals(200, api.get("/v1/usage").bearerTokenAuthentication(headToken).send().await().statusCode());
      // a broken percent-escape next to a citizen ID: refused before anything decodes the URI, and not quoted anywhere
      assertEquals(400, api.get("/v1/usage?citizen=" + persons.get(0) + "&from=%zz").bearerTokenAuthentication(auditorToken).send().await()
          .statusCode());
      assertEquals(400, lookup(token, apiKey, "NC-CIVILREG", "/v1/linkage/persons/" + persons.get(0) + "?x=%").statusCode());
      String month = YearMonth.now(ZoneId.of("Asia/Bangkok")).toString();
      for (String format : List.of("json", "csv")) {
        assertEquals(200, api.get("/v1/reports/monthly?agency=DEMO&month=" + month + "&format=" + format).bearerTokenAuthentication(headToken)
            .send().await().statusCode());
      }
      admin(HttpMethod.POST, "/v1/admin/config/reload", null, 200);
      admin(HttpMethod.POST, "/v1/admin/cache/purge", new JsonObject().put("dataset", "linkage.person").put("target", persons.get(0)), 200);
      assertEquals(204, api.delete("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode());
      assertEquals(401, lookup(token, apiKey, "NC-CIVILREG", "/v1/linkage/persons/" + persons.get(0)).statusCode());

      streamed.future().await(30, TimeUnit.SECONDS);
      awaitLines(sink, 10, Duration.ofSeconds(30));
      String metrics = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.managementPort()))
          .get("/metrics").send().await().bodyAsString();
      http.close().await();
      assertEquals(0, gateway.terminate(Duration.ofSeconds(30)));

      // --- what was captured, and that it is worth scanning
      List<String> stderr = gateway.stderr().lines().toList();
      List<String> stdout = withoutBanner(gateway.stdout());
      List<String> sinkLines = Files.readAllLines(sink);
      assertTrue(stderr.size() >= 20, "too few log lines to mean anything: " + stderr.size());
      assertTrue(stderr.stream().anyMatch(l -> l.contains("\"level\":\"DEBUG\"")), "DEBUG lines were written");
      assertTrue(stderr.stream().anyMatch(l -> l.contains("\"msg\":\"slow request\"") && l.contains("\"correlationId\":\"scan-slow-request-1\"")
          && l.contains("\"route\":\"/v1/linkage/persons/:cid\"")), "the slow request is logged with its route template and correlation id");
      List<String> breakerLines = stderr.stream().filter(l -> l.contains("\"logger\":\"io.github.resilience4j.circuitbreaker")).toList();
      assertFalse(breakerLines.isEmpty(), "Resilience4j logs its calls at DEBUG");
      assertTrue(breakerLines.stream().allMatch(l -> l.contains("\"correlationId\":\"")),
          "lines of code that never sees the request carry its correlation id: " + breakerLines);
      assertTrue(sinkLines.size() >= 10, "usage sink lines: " + sinkLines.size());
      assertTrue(metrics.contains("linkgate_"), "metrics scraped");

      Set<Integer> serverPorts = Set.of(gateway.apiPort(), gateway.managementPort(), sandboxPort, dbPort);
      List<String> pins = new ArrayList<>(WRONG_PINS);
      pins.add(DemoData.PIN);
      Map<String, java.util.Collection<String>> secretSets = new HashMap<>(secrets);
      PersonalDataScanner scanner = new PersonalDataScanner(citizens, secretSets, pins, serverPorts);

      // the scan sees a citizen ID put into a real log line (the control: a broken scanner finds nothing anywhere)
      String real = stderr.stream().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
      String tainted = real.replace("\"msg\":\"", "\"msg\":\"" + dashed + " ");
      assertEquals(List.of("citizen-id"), scanner.scan("control", List.of(tainted)).stream().map(PersonalDataScanner.Finding::kind).toList());

      List<PersonalDataScanner.Finding> findings = new ArrayList<>();
      findings.addAll(scanner.scan("stderr", stderr));
      findings.addAll(scanner.scan("stdout", stdout));
      findings.addAll(scanner.scan("usage-sink", sinkLines));
      findings.addAll(scanner.scan("metrics", metrics.lines().toList()));
      findings.addAll(scanner.scan("usage-stream", stream.toString().lines().toList()));
      assertEquals(List.of(), findings.stream().map(Object::toString).toList(), "personal data or secrets in the gateway's output");
    } finally {
      vertx.close().await();
    }
  }

  static DemoData.Officer officer(String profile) {
    return DemoData.OFFICERS.stream().filter(o -> o.profile().equals(profile)).findFirst().orElseThrow();
  }

  HttpResponse<Buffer> admin(HttpMethod method, String path, JsonObject body, int expected) {
    HttpRequest<Buffer> req = api.request(method, path).bearerTokenAuthentication(RunningGateway.ADMIN_TOKEN);
    HttpResponse<Buffer> r = body == null ? req.send().await() : req.sendJsonObject(body).await();
    assertEquals(expected, r.statusCode(), method + " " + path + ": " + r.bodyAsString());
    return r;
  }

  HttpRequest<Buffer> lookupRequest(String token, String apiKey, String service, String path) {
    return api.get(path).putHeader("X-Api-Key", apiKey).bearerTokenAuthentication(token).putHeader("X-Service-Code", service);
  }

  HttpResponse<Buffer> lookup(String token, String apiKey, String service, String path) {
    return lookupRequest(token, apiKey, service, path).send().await();
  }

  record CardEdgeRun(int exit, String out, String err) {
  }

  static CardEdgeRun cardEdge(String pin, String profile, String gatewayUrl, Path cards) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = io.linkgate.cardedge.Main.run(new String[] {"login", "--gateway", gatewayUrl, "--simulated-card", profile,
        "--sim-state-dir", cards.toString(), "--demo-device", "--pin-stdin"},
        new ByteArrayInputStream((pin + "\n").getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CardEdgeRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** stdout without the demo banner, which prints the public demo API key, PIN and an example citizen ID on purpose. */
  static List<String> withoutBanner(String stdout) {
    int start = stdout.indexOf(BANNER_START);
    int end = stdout.indexOf(BANNER_END);
    assertTrue(start >= 0 && end > start && stdout.indexOf(BANNER_START, start + 1) < 0, "the demo banner, once");
    return (stdout.substring(0, start) + stdout.substring(end + BANNER_END.length())).lines().toList();
  }

  static void awaitLines(Path file, int lines, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(file) || Files.readAllLines(file).size() < lines) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the usage sink did not reach " + lines + " lines within " + timeout);
      }
      Thread.sleep(100); // polling a file another process writes
    }
  }
}
