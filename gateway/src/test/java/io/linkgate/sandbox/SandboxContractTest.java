package io.linkgate.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.config.GatewayConfig;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox speaks the shapes of the design brief's DOMAIN.md: GDX auth, Linkage 001/027, status codes, faults. */
class SandboxContractTest {

  static final String KEY = "linkgate-sandbox";
  static final String SECRET = "sandbox-secret-change-me";
  static final String OFFICER = "1101700001016";
  static final String CITIZEN = "3101700001098";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
  private Vertx vertx;
  private WebClient client;
  private Sandbox sandbox;
  private int port;

  @BeforeEach
  void start() {
    SandboxConfig config = GatewayConfig.load(null, Map.of(),
        Map.of("sandbox.port", "0", "sandbox.latencyMedian", "0ms", "sandbox.latencyP99", "0ms")).sandbox();
    sandbox = new Sandbox(config, clock);
    vertx = Vertx.vertx();
    SandboxServer server = new SandboxServer(sandbox);
    vertx.deployVerticle(server).await();
    port = server.actualPort();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private HttpResponse<Buffer> validate(String key, String secret, String agent) {
    var req = client.get("/ws/auth/validate");
    if (key != null) {
      req.putHeader("Consumer-Key", key);
    }
    if (secret != null) {
      req.addQueryParam("ConsumerSecret", secret);
    }
    if (agent != null) {
      req.addQueryParam("AgentID", agent);
    }
    return req.send().await();
  }

  private String token(String agent) {
    HttpResponse<Buffer> r = validate(KEY, SECRET, agent);
    assertEquals(200, r.statusCode());
    return r.bodyAsJsonObject().getString("Result");
  }

  private HttpResponse<Buffer> link(String token, String service, String version, String cid) {
    return client.get("/ws/dopa/linkage/v1/link")
        .putHeader("Consumer-Key", KEY).putHeader("Token", token)
        .addQueryParam("OfficeID", "00023").addQueryParam("ServiceID", service)
        .addQueryParam("Version", version).addQueryParam("CitizenID", cid)
        .send().await();
  }

  @Test
  void should_answer_403_when_the_consumer_key_is_missing_and_401_when_the_secret_is_wrong() {
    assertEquals(403, validate(null, SECRET, OFFICER).statusCode());
    assertEquals(403, validate("someone-else", SECRET, OFFICER).statusCode());
    assertEquals(401, validate(KEY, "wrong", OFFICER).statusCode());
    assertEquals(400, validate(KEY, SECRET, null).statusCode());
    assertFalse(token(OFFICER).isBlank());
  }

  @Test
  void should_answer_400_to_a_malformed_percent_escape() {
    HttpResponse<Buffer> r = client.get("/ws/dopa/linkage/v1/link?OfficeID=00023&ServiceID=001&Version=01&CitizenID=" + CITIZEN + "%")
        .send().await();
    assertEquals(400, r.statusCode());
    assertEquals("malformed percent-escape or a control character in the request URI", r.bodyAsJsonObject().getString("Message"));
  }

  @Test
  void should_answer_with_the_reason_and_close_when_the_codec_cannot_read_the_request() throws Exception {
    RawHttp.Answer longLine = RawHttp.exchange(port,
        "GET /ws/dopa/linkage/v1/link?CitizenID=" + CITIZEN + "&x=" + "a".repeat(4200) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    RawHttp.Answer bigHeaders = RawHttp.exchange(port, "GET /sandbox/faults HTTP/1.1\r\nHost: x\r\nX-Filler: "
        + "b".repeat(8300) + "\r\n\r\n");

    assertEquals(414, longLine.status(), longLine.toString());
    assertEquals(431, bigHeaders.status(), bigHeaders.toString());
    for (RawHttp.Answer a : List.of(longLine, bigHeaders)) {
      assertFalse(new JsonObject(a.body()).getString("Message").isBlank());
      assertFalse(a.body().contains(CITIZEN), a.toString());
      assertEquals("close", a.header("Connection"));
    }
  }

  @Test
  void should_refuse_data_calls_without_a_valid_token() {
    assertEquals(401, link("not-a-token", "001", "01", CITIZEN).statusCode());
    HttpResponse<Buffer> noKey = client.get("/ws/dopa/linkage/v1/link?OfficeID=00023&ServiceID=001&Version=01&CitizenID=" + CITIZEN)
        .putHeader("Token", token(OFFICER)).send().await();
    assertEquals(403, noKey.statusCode());
  }

  @Test
  void should_expire_a_token_after_sixty_idle_minutes_but_not_while_used() {
    String token = token(OFFICER);
    clock.advance(Duration.ofMinutes(59));
    assertEquals(200, link(token, "001", "01", CITIZEN).statusCode());
    clock.advance(Duration.ofMinutes(59));
    assertEquals(200, link(token, "001", "01", CITIZEN).statusCode(), "each call restarts the idle period");
    clock.advance(Duration.ofMinutes(61));
    assertEquals(401, link(token, "001", "01", CITIZEN).statusCode());
  }

  @Test
  void should_return_the_person_with_domain_field_names_and_buddhist_era_dates() {
    JsonObject person = link(token(OFFICER), "001", "01", CITIZEN).bodyAsJsonObject();
    Set<String> expected = Set.of("titleCode", "titleDesc", "titleName", "titleSex", "firstName", "middleName", "lastName",
        "genderCode", "genderDesc", "dateOfBirth", "nationalityCode", "nationalityDesc", "ownerStatusDesc",
        "statusOfPersonCode", "statusOfPersonDesc", "dateOfMoveIn", "age", "fatherPersonalID", "fatherName",
        "fatherNationalityCode", "motherPersonalID", "motherName", "motherNationalityCode", "fullnameAndRank",
        "englishTitleDesc", "englishFirstName", "englishMiddleName", "englishLastName");
    assertEquals(expected, person.fieldNames());
    int dob = person.getInteger("dateOfBirth");
    int beYear = dob / 10_000;
    assertTrue(beYear >= 2483 && beYear <= 2551, "Buddhist-era year, was " + beYear);
    int gregorianYear = beYear - 543;
    int age = person.getInteger("age");
    assertTrue(age == 2026 - gregorianYear || age == 2026 - gregorianYear - 1, "age follows birth date and the clock");
    assertTrue(io.linkgate.citizen.CitizenId.isValid(person.getString("fatherPersonalID")));
    assertTrue(person.getString("firstName").codePoints().allMatch(c -> c >= 0x0E00 && c <= 0x0E7F), "Thai script first name");
  }

  @Test
  void should_return_the_house_with_domain_field_names() {
    JsonObject house = link(token(OFFICER), "027", "01", CITIZEN).bodyAsJsonObject();
    for (String field : List.of("houseID", "houseNo", "houseType", "houseTypeDesc", "villageNo", "alleyWayCode", "alleyWayDesc",
        "alleyCode", "alleyDesc", "roadCode", "roadDesc", "subdistrictCode", "subdistrictDesc", "districtCode",
        "districtDesc", "provinceCode", "provinceDesc", "rcodeCode", "rcodeDesc", "dateOfTerminate")) {
      assertTrue(house.containsKey(field), "missing " + field);
    }
  }

  @Test
  void should_give_the_same_person_on_every_call_and_every_instance() {
    JsonObject a = link(token(OFFICER), "001", "01", CITIZEN).bodyAsJsonObject();
    JsonObject b = link(token(OFFICER), "001", "01", CITIZEN).bodyAsJsonObject();
    assertEquals(a, b);
    JsonObject fresh = new Population().person(CITIZEN).orElseThrow().toLinkageJson(java.time.LocalDate.of(2026, 11, 2));
    assertEquals(a, fresh);
    assertNotEquals(a, link(token(OFFICER), "001", "01", "1101700001024").bodyAsJsonObject());
  }

  @Test
  void should_answer_linkage_status_codes_for_refusals() {
    String token = token(OFFICER);
    String missing = io.linkgate.citizen.CitizenId.withCheckDigit("100000000050");
    assertTrue(Population.isNotFound(missing));
    assertEquals("90500", link(token, "001", "01", missing).bodyAsJsonObject().getString("Code"));
    assertEquals("95012", link(token, "099", "01", CITIZEN).bodyAsJsonObject().getString("Code"));
    assertEquals("95017", link(token, "001", "02", CITIZEN).bodyAsJsonObject().getString("Code"));
  }

  @Test
  void should_refuse_with_90001_when_the_officer_is_not_available() {
    String token = token(OFFICER);
    sandbox.setAgentState(OFFICER, Sandbox.AgentState.AgentNotAvailable);
    assertEquals("90001", link(token, "001", "01", CITIZEN).bodyAsJsonObject().getString("Code"));
    JsonObject permission = client.get("/ws/dopa/linkage/v1/agent/permission?Consumer=" + KEY + "&CitizenID=" + OFFICER)
        .putHeader("Consumer-Key", KEY).putHeader("Token", token).send().await().bodyAsJsonObject();
    assertEquals("AgentNotAvailable", permission.getString("SessionState"));
    sandbox.setAgentState(OFFICER, Sandbox.AgentState.AgentAvailable);
    assertEquals(200, link(token, "001", "01", CITIZEN).statusCode());
    assertTrue(link(token, "001", "01", CITIZEN).bodyAsJsonObject().containsKey("firstName"));
  }

  @Test
  void should_check_laser_codes_against_the_population() {
    Population.Person p = sandbox.population().person(CITIZEN).orElseThrow();
    String token = token(OFFICER);
    var request = client.get("/ws/dopa/verification/personal")
        .putHeader("Consumer-Key", KEY).putHeader("Token", token)
        .addQueryParam("CitizenID", CITIZEN).addQueryParam("FirstName", p.firstNameThai())
        .addQueryParam("LastName", p.lastNameThai())
        .addQueryParam("BEBirthDate", Integer.toString(Population.buddhistEra(p.birthDate())));
    assertTrue(request.copy().addQueryParam("LaserCode", p.laserCode()).send().await().bodyAsJsonObject().getBoolean("Result"));
    assertFalse(request.copy().addQueryParam("LaserCode", "AA0000000000").send().await().bodyAsJsonObject().getBoolean("Result"));
    assertEquals(400, request.copy().addQueryParam("LaserCode", "bad").send().await().statusCode());
  }

  @Test
  void should_serve_juristic_persons_and_404_the_missing_ones() {
    String token = token(OFFICER);
    String id = io.linkgate.citizen.CitizenId.withCheckDigit("010553600001");
    HttpResponse<Buffer> found = client.get("/ws/dbd/juristic/v1/juristic-person?JuristicID=" + id)
        .putHeader("Consumer-Key", KEY).putHeader("Token", token).send().await();
    assertEquals(200, found.statusCode());
    assertTrue(found.bodyAsJsonObject().getString("JuristicNameTH").startsWith("บริษัท"));
    String missing = io.linkgate.citizen.CitizenId.withCheckDigit("100000000050");
    assertEquals(404, client.get("/ws/dbd/juristic/v1/juristic-person?JuristicID=" + missing)
        .putHeader("Consumer-Key", KEY).putHeader("Token", token).send().await().statusCode());
  }

  @Test
  void should_fail_every_call_when_the_error_rate_is_one_and_recover_when_reset() {
    String token = token(OFFICER);
    HttpResponse<Buffer> set = client.put("/sandbox/faults/linkage-link")
        .sendJsonObject(new JsonObject().put("errorRate", 1.0)).await();
    assertEquals(200, set.statusCode());
    for (int i = 0; i < 5; i++) {
      assertEquals(500, link(token, "001", "01", CITIZEN).statusCode());
    }
    assertEquals(200, client.delete("/sandbox/faults").send().await().statusCode());
    assertEquals(200, link(token, "001", "01", CITIZEN).statusCode());
  }

  @Test
  void should_answer_injected_failures_with_a_linkage_status_when_asked() {
    String token = token(OFFICER);
    HttpResponse<Buffer> set = client.put("/sandbox/faults/linkage-link")
        .sendJsonObject(new JsonObject().put("errorRate", 1.0).put("linkageStatus", "90012")).await();
    assertEquals(200, set.statusCode());
    assertEquals("90012", set.bodyAsJsonObject().getString("linkageStatus"));
    HttpResponse<Buffer> failed = link(token, "001", "01", CITIZEN);
    assertEquals(200, failed.statusCode(), "the Linkage Center reports its back end's failures inside an HTTP 200");
    assertEquals("90012", failed.bodyAsJsonObject().getString("Code"));
    assertEquals(400, client.put("/sandbox/faults/linkage-link")
        .sendJsonObject(new JsonObject().put("errorRate", 1.0).put("linkageStatus", "9001")).await().statusCode());
    assertEquals(400, client.put("/sandbox/faults/juristic")
        .sendJsonObject(new JsonObject().put("errorRate", 1.0).put("linkageStatus", "90012")).await().statusCode());
    assertEquals("90012", sandbox.fault(SandboxEndpoint.LINKAGE_LINK).linkageStatus(), "refused settings change nothing");
  }

  @Test
  void should_refuse_the_ok_status_as_an_injected_failure() {
    String token = token(OFFICER);
    HttpResponse<Buffer> set = client.put("/sandbox/faults/linkage-link")
        .sendJsonObject(new JsonObject().put("errorRate", 1.0).put("linkageStatus", "00000")).await();

    assertProblem(set, 400, "bad-request");
    assertEquals(Fault.NONE, sandbox.fault(SandboxEndpoint.LINKAGE_LINK));
    assertTrue(link(token, "001", "01", CITIZEN).bodyAsJsonObject().containsKey("firstName"));
    assertThrows(IllegalArgumentException.class, () -> new Fault(1.0, Duration.ZERO, false, "00000"));
  }

  @Test
  void should_close_the_connection_during_an_outage() {
    String token = token(OFFICER);
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(0, Duration.ZERO, true));
    assertThrows(RuntimeException.class, () -> link(token, "001", "01", CITIZEN));
    sandbox.resetFaults();
    assertEquals(200, link(token, "001", "01", CITIZEN).statusCode());
  }

  @Test
  void should_add_the_injected_latency_to_each_call() {
    String token = token(OFFICER);
    sandbox.setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(0, Duration.ofMillis(300), false));
    long started = System.nanoTime();
    assertEquals(200, link(token, "001", "01", CITIZEN).statusCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 300, "answer came before the injected latency");
  }

  @Test
  void should_reject_invalid_fault_settings_and_keep_the_old_ones() {
    HttpResponse<Buffer> bad = client.put("/sandbox/faults/linkage-link").sendJsonObject(new JsonObject().put("errorRate", 2)).await();
    assertEquals(400, bad.statusCode());
    HttpResponse<Buffer> unknown = client.put("/sandbox/faults/nope").sendJsonObject(new JsonObject()).await();
    assertEquals(404, unknown.statusCode());
    for (SandboxEndpoint e : SandboxEndpoint.values()) {
      assertTrue(unknown.bodyAsString().contains(e.id()), "the 404 names every endpoint: " + unknown.bodyAsString());
    }
    assertEquals(400, client.put("/sandbox/faults/juristic").sendBuffer(Buffer.buffer("{not json")).await().statusCode());
    assertEquals(Fault.NONE, sandbox.fault(SandboxEndpoint.LINKAGE_LINK));
  }

  @Test
  void should_answer_problem_json_on_its_own_admin_calls_and_change_nothing() {
    LatencyModel latency = sandbox.latency();
    HttpResponse<Buffer> badRate = client.put("/sandbox/faults/linkage-link").sendJsonObject(new JsonObject().put("errorRate", 2)).await();
    HttpResponse<Buffer> notJson = client.put("/sandbox/faults/juristic").sendBuffer(Buffer.buffer("{not json")).await();
    HttpResponse<Buffer> tooLarge = client.put("/sandbox/latency")
        .sendJsonObject(new JsonObject().put("median", "20ms").put("p99", "120ms").put("pad", "x".repeat(5000))).await();
    HttpResponse<Buffer> noSuchCall = client.get("/sandbox/nope").send().await();
    HttpResponse<Buffer> badUri = client.get("/sandbox/faults?x=%zz").send().await();

    assertProblem(badRate, 400, "bad-request");
    assertEquals("errorRate must be between 0.0 and 1.0", badRate.bodyAsJsonObject().getString("detail"));
    assertProblem(notJson, 400, "bad-request");
    assertProblem(tooLarge, 413, "body-too-large");
    assertProblem(noSuchCall, 404, "not-found");
    assertProblem(badUri, 400, "bad-request");
    assertEquals(Fault.NONE, sandbox.fault(SandboxEndpoint.LINKAGE_LINK));
    assertEquals(Fault.NONE, sandbox.fault(SandboxEndpoint.JURISTIC));
    assertEquals(latency, sandbox.latency());
  }

  @Test
  void should_refuse_a_member_it_does_not_know_and_keep_the_settings() {
    assertEquals(200, client.put("/sandbox/faults/juristic").sendJsonObject(new JsonObject().put("errorRate", 0.5)).await().statusCode());
    Fault set = sandbox.fault(SandboxEndpoint.JURISTIC);
    LatencyModel latency = sandbox.latency();

    HttpResponse<Buffer> misspelt = client.put("/sandbox/faults/juristic").sendJsonObject(new JsonObject().put("errorrate", 1)).await();
    HttpResponse<Buffer> extra = client.put("/sandbox/latency")
        .sendJsonObject(new JsonObject().put("median", "20ms").put("p99", "120ms").put("p50", "10ms")).await();
    HttpResponse<Buffer> agent = client.put("/sandbox/agents/" + OFFICER)
        .sendJsonObject(new JsonObject().put("state", "AgentNotAvailable").put("citizenId", OFFICER)).await();

    assertProblem(misspelt, 400, "bad-request");
    assertTrue(misspelt.bodyAsJsonObject().getString("detail").contains("'errorrate'"), misspelt.bodyAsString());
    assertProblem(extra, 400, "bad-request");
    assertTrue(extra.bodyAsJsonObject().getString("detail").contains("'p50'"), extra.bodyAsString());
    assertProblem(agent, 400, "bad-request");
    assertEquals(set, sandbox.fault(SandboxEndpoint.JURISTIC), "a refused call changes nothing");
    assertEquals(latency, sandbox.latency());
    assertEquals(Sandbox.AgentState.AgentAvailable, sandbox.agentState(OFFICER));
  }

  @Test
  void should_keep_answering_like_gdx_on_the_upstream_endpoints() {
    HttpResponse<Buffer> notJson = client.post("/ws/dopa/card/verify").putHeader("Consumer-Key", KEY).putHeader("Token", token(OFFICER))
        .sendBuffer(Buffer.buffer("{not json")).await();
    HttpResponse<Buffer> unknown = client.get("/ws/nope").send().await();

    assertEquals(400, notJson.statusCode());
    assertEquals("application/json; charset=utf-8", notJson.getHeader("Content-Type"));
    assertEquals("body must be a JSON object", notJson.bodyAsJsonObject().getString("Message"));
    assertEquals(404, unknown.statusCode());
    assertEquals("no such sandbox endpoint", unknown.bodyAsJsonObject().getString("Message"));
  }

  static void assertProblem(HttpResponse<Buffer> r, int status, String type) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals("application/problem+json", r.getHeader("Content-Type"));
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("urn:linkgate:problem:" + type, body.getString("type"));
    assertEquals(status, body.getInteger("status"));
    assertFalse(body.getString("title").isBlank());
    assertFalse(body.getString("detail").isBlank());
  }

  @Test
  void should_keep_no_uploaded_file_when_a_call_is_sent_as_a_multipart_form() throws Exception {
    Path uploads = Path.of("file-uploads"); // BodyHandler's default uploads directory, in the working directory
    long before = files(uploads);
    MultipartForm form = MultipartForm.create().attribute("errorRate", "1")
        .binaryFileUpload("file", "upload.bin", Buffer.buffer(new byte[2048]), "application/octet-stream");

    assertEquals(400, client.put("/sandbox/faults/juristic").sendMultipartForm(form).await().statusCode());
    assertEquals(403, client.post("/ws/dopa/card/verify").sendMultipartForm(form).await().statusCode());

    assertEquals(before, files(uploads), "an uploaded file was left in " + uploads.toAbsolutePath());
    assertEquals(Fault.NONE, sandbox.fault(SandboxEndpoint.JURISTIC));
  }

  private static long files(Path dir) throws java.io.IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var listing = Files.list(dir)) {
      return listing.count();
    }
  }

  @Test
  void should_refuse_latencies_beyond_the_configured_bounds_fractions_and_negatives() {
    LatencyModel before = sandbox.latency();
    List<JsonObject> badLatencies = List.of(
        new JsonObject().put("median", 31_000).put("p99", 31_000),
        new JsonObject().put("median", "20ms").put("p99", "61000ms"),
        new JsonObject().put("median", "999999ms").put("p99", "999999ms"),
        new JsonObject().put("median", -0.5).put("p99", 0),
        new JsonObject().put("median", 1.5).put("p99", 2),
        new JsonObject().put("median", -1).put("p99", 0));
    for (JsonObject bad : badLatencies) {
      assertProblem(client.put("/sandbox/latency").sendJsonObject(bad).await(), 400, "bad-request");
    }
    for (Object bad : List.of(-0.5, 0.5, -1, 120_001, "120001ms")) {
      assertProblem(client.put("/sandbox/faults/juristic").sendJsonObject(new JsonObject().put("addedLatency", bad)).await(),
          400, "bad-request");
    }
    assertEquals(before, sandbox.latency());
    assertEquals(Fault.NONE, sandbox.fault(SandboxEndpoint.JURISTIC));

    assertEquals(200, client.put("/sandbox/latency").sendJsonObject(new JsonObject().put("median", 30_000).put("p99", "60000ms"))
        .await().statusCode(), "the configuration's bounds themselves are accepted");
    assertEquals(200, client.put("/sandbox/faults/juristic").sendJsonObject(new JsonObject().put("addedLatency", 120_000))
        .await().statusCode());
  }

  @Test
  void should_keep_a_connection_open_longer_than_the_longest_delay_it_can_add() {
    LatencyModel slowest = new LatencyModel(LatencyModel.MAX_MEDIAN, LatencyModel.MAX_P99);
    long longest = 0;
    for (int i = 0; i < 10_000; i++) {
      longest = Math.max(longest, slowest.sampleMillis());
    }
    assertTrue(longest <= LatencyModel.MAX_SAMPLE.toMillis(), "a sample of " + longest + "ms");
    assertEquals(LatencyModel.MAX_SAMPLE.plus(Fault.MAX_ADDED_LATENCY), SandboxServer.MAX_DELAY);
    assertTrue(SandboxServer.IDLE_TIMEOUT.compareTo(SandboxServer.MAX_DELAY) > 0,
        "the connection would be dropped before a delayed answer");
  }

  @Test
  void should_count_calls_per_endpoint_in_its_own_metrics() {
    String token = token(OFFICER);
    link(token, "001", "01", CITIZEN);
    link(token, "027", "01", CITIZEN);
    link(token, "099", "01", CITIZEN);
    assertEquals(3, sandbox.calls(SandboxEndpoint.LINKAGE_LINK));
    assertEquals(1, sandbox.calls(SandboxEndpoint.GDX_AUTH));
    String metrics = client.get("/metrics").send().await().bodyAsString();
    assertTrue(metrics.contains("linkgate_sandbox_calls_total{endpoint=\"linkage-link\",outcome=\"ok\"} 2.0"), metrics);
    assertTrue(metrics.contains("outcome=\"refused_95012\"} 1.0"), metrics);
  }

  @Test
  void should_make_the_documented_share_of_ids_not_found() {
    int missing = 0;
    int total = 0;
    for (long n = 110_000_000_000L; n < 110_000_000_000L + 5000; n++) {
      String cid = io.linkgate.citizen.CitizenId.withCheckDigit(Long.toString(n));
      total++;
      if (new Population().person(cid).isEmpty()) {
        missing++;
      }
    }
    assertEquals(total / 50, missing);
  }
}
