package io.linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.testing.RawHttp;
import io.linkgate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixed front of every request: correlation id, size limits, problem+json; and the management port. */
class ApiFrontTest {

  @TempDir
  static Path dir;
  static Gateway gateway;
  static WebClient api;
  static WebClient management;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start(dir, Map.of("api.maxHeaderSize", "2048"), true, Clock.systemUTC());
    api = WebClient.create(gateway.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.apiPort()));
    management = WebClient.create(gateway.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.managementPort()));
  }

  @AfterAll
  static void stop() {
    gateway.stop();
  }

  private static void assertProblem(HttpResponse<Buffer> r, int status, String slug) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals("application/problem+json", r.getHeader("Content-Type"));
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(ProblemType.PREFIX + slug, body.getString("type"));
    assertEquals(status, body.getInteger("status"));
    assertFalse(body.getString("title").isBlank());
    assertFalse(body.getString("detail").isBlank());
    assertEquals(r.getHeader(CorrelationId.HEADER), body.getString("correlationId"));
  }

  @Test
  void should_answer_problem_json_with_a_correlation_id_for_an_unknown_path() {
    HttpResponse<Buffer> r = api.get("/v1/nothing-here").send().await();
    assertProblem(r, 404, "not-found");
    assertEquals(32, r.getHeader(CorrelationId.HEADER).length());
  }

  @Test
  void should_echo_a_well_formed_correlation_id_and_replace_a_malformed_one() {
    HttpResponse<Buffer> kept = api.get("/v1/nothing-here").putHeader(CorrelationId.HEADER, "case-2026-000123").send().await();
    assertEquals("case-2026-000123", kept.getHeader(CorrelationId.HEADER));
    assertEquals("case-2026-000123", kept.bodyAsJsonObject().getString("correlationId"));
    HttpResponse<Buffer> replaced = api.get("/v1/nothing-here").putHeader(CorrelationId.HEADER, "bad id <script>").send().await();
    assertNotEquals("bad id <script>", replaced.getHeader(CorrelationId.HEADER));
    assertTrue(replaced.getHeader(CorrelationId.HEADER).matches("[0-9a-f]{32}"));
    // a case number made of a citizen ID would go into every log line: not taken
    HttpResponse<Buffer> citizen = api.get("/v1/nothing-here").putHeader(CorrelationId.HEADER, "case-3101700001098").send().await();
    assertTrue(citizen.getHeader(CorrelationId.HEADER).matches("[0-9a-f]{32}"), citizen.getHeader(CorrelationId.HEADER));
    assertFalse(citizen.bodyAsString().contains("3101700001098"));
  }

  @Test
  void should_answer_431_problem_when_headers_exceed_the_limit() {
    HttpResponse<Buffer> r = api.get("/v1/nothing-here").putHeader("X-Filler", "x".repeat(3000)).send().await();
    assertProblem(r, 431, "headers-too-large");
  }

  @Test
  void should_answer_414_problem_when_the_uri_is_too_long() {
    HttpResponse<Buffer> r = api.get("/v1/" + "a".repeat(3000)).send().await();
    assertProblem(r, 414, "uri-too-long");
  }

  @Test
  void should_answer_problem_json_and_close_when_the_codec_cannot_read_the_request() throws Exception {
    String cid = "3101700001098";
    RawHttp.Answer longLine = RawHttp.exchange(gateway.apiPort(),
        "GET /v1/linkage/persons/" + cid + "?x=" + "a".repeat(4200) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    RawHttp.Answer bigHeaders = RawHttp.exchange(gateway.apiPort(),
        "GET /v1/linkage/persons/" + cid + " HTTP/1.1\r\nHost: x\r\nX-Filler: " + "b".repeat(16_500) + "\r\n\r\n");
    RawHttp.Answer malformed = RawHttp.exchange(gateway.apiPort(), "GET /v1/linkage/persons/" + cid + " HTTP/1.1 x\r\n\r\n");

    assertRawProblem(longLine, 414, "uri-too-long");
    assertRawProblem(bigHeaders, 431, "headers-too-large");
    assertRawProblem(malformed, 400, "bad-request");
    for (RawHttp.Answer a : java.util.List.of(longLine, bigHeaders, malformed)) {
      assertFalse((a.headers() + a.body()).contains(cid), "the answer does not quote the request: " + a);
      assertEquals("close", a.header("Connection"));
    }
  }

  @Test
  void should_speak_http_1_1_only_on_the_api_and_management_ports() throws Exception {
    for (int port : new int[] {gateway.apiPort(), gateway.managementPort()}) {
      // cleartext HTTP/2 with prior knowledge: no HTTP/2 frames back (RawHttp would not read them as an answer),
      // Vert.x's HTTP/1 codec refuses the preface's version itself (501, before any handler of ours)
      RawHttp.Answer preface = RawHttp.exchange(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
      assertEquals(501, preface.status(), preface.toString());
      // an upgrade to h2c is not taken: the request is answered in HTTP/1.1
      RawHttp.Answer upgrade = RawHttp.exchange(port, "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
          + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"
          + "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertTrue(upgrade.statusLine().startsWith("HTTP/1.1 "), upgrade.toString());
      assertTrue(upgrade.status() != 101, upgrade.toString());
    }
  }

  /**
   * Requests Vert.x Web itself refuses (no Host header, a query without a path) are the client's fault: 400
   * problem+json, not a 500 "unexpected failure" logged at ERROR for each.
   */
  @Test
  void should_answer_400_when_vertx_web_refuses_the_request_itself() throws Exception {
    for (String first : new String[] {"GET /v1/sessions/current HTTP/1.1\r\n\r\n", "GET ?a=1 HTTP/1.1\r\nHost: x\r\n\r\n"}) {
      RawHttp.Answer a = RawHttp.exchange(gateway.apiPort(), first + "GET /v1/nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertEquals(400, a.status(), a.toString());
      assertEquals("application/problem+json", a.header("Content-Type"));
      assertTrue(a.body().startsWith("{\"type\":\"" + ProblemType.PREFIX + "bad-request\""), a.body());
    }
  }

  /** RFC 9110 15.5.6: a 405 says in {@code Allow} which methods the path takes. */
  @Test
  void should_name_the_allowed_methods_of_a_405() {
    HttpResponse<Buffer> lookup = api.delete("/v1/linkage/persons/3101700001098").send().await();
    assertProblem(lookup, 405, "method-not-allowed");
    assertEquals("GET", lookup.getHeader("Allow"));
    HttpResponse<Buffer> sessions = api.get("/v1/sessions").send().await();
    assertProblem(sessions, 405, "method-not-allowed");
    assertEquals("POST", sessions.getHeader("Allow"));
    assertTrue(FailureHandler.matches("/v1/linkage/persons/:cid", "/v1/linkage/persons/3101700001098"));
    assertFalse(FailureHandler.matches("/v1/linkage/persons/:cid", "/v1/linkage/persons/3101700001098/house"));
    assertFalse(FailureHandler.matches("/v1/linkage/persons/:cid", "/v1/linkage/persons/"));
    assertTrue(FailureHandler.matches("/console/*", "/console/app.js"));
  }

  /**
   * A body the gateway does not read (on a GET, or past a 413) is not drained for as long as the client sends it:
   * once the answer is out, the connection is closed. An answer given at once to a bodyless request keeps it open.
   */
  @Test
  void should_close_a_connection_whose_body_keeps_coming_after_the_answer() throws Exception {
    for (String head : new String[] {"GET /v1/linkage/persons/3101700001098 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n"}) {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.apiPort())) {
        socket.setSoTimeout(10_000);
        java.io.OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        byte[] chunk = ("4000\r\n" + "a".repeat(0x4000) + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        long sent = 0;
        long deadline = System.nanoTime() + 8_000_000_000L;
        boolean closed = false;
        while (System.nanoTime() < deadline) {
          try {
            out.write(chunk);
            sent += chunk.length;
          } catch (java.io.IOException e) {
            closed = true;
            break;
          }
        }
        assertTrue(closed, "still reading after " + sent + " bytes: " + head.lines().findFirst().orElseThrow());
      }
    }
    RawHttp.Answer twice = RawHttp.exchange(gateway.apiPort(), "GET /v1/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /v1/nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals(404, twice.status());
    assertTrue(twice.body().contains("HTTP/1.1 404 "), "the second request is answered on the same connection: " + twice);
  }

  /** RFC 9112 6.1: a transfer coding the gateway does not decode is refused with 501, not read as if absent. */
  @Test
  void should_refuse_a_transfer_coding_other_than_chunked() {
    for (String coding : new String[] {"gzip, chunked", "identity"}) {
      HttpResponse<Buffer> r = api.post("/v1/sessions/challenge").putHeader("Transfer-Encoding", coding).send().await();
      assertProblem(r, 501, "not-implemented");
    }
    HttpResponse<Buffer> chunked = api.post("/v1/sessions/challenge").putHeader("Transfer-Encoding", "chunked").send().await();
    assertEquals(200, chunked.statusCode(), "chunked alone is read: " + chunked.bodyAsString());
  }

  /** A problem+json answer after which the server closed the connection (RawHttp read to the end). */
  private static void assertRawProblem(RawHttp.Answer a, int status, String slug) {
    assertEquals(status, a.status(), a.toString());
    assertEquals("application/problem+json", a.header("Content-Type"));
    JsonObject body = new JsonObject(a.body());
    assertEquals(ProblemType.PREFIX + slug, body.getString("type"));
    assertEquals(status, body.getInteger("status"));
    assertFalse(body.getString("title").isBlank());
    assertFalse(body.getString("detail").isBlank());
    assertTrue(a.header(CorrelationId.HEADER).matches("[0-9a-f]{32}"), a.toString());
    assertEquals(a.header(CorrelationId.HEADER), body.getString("correlationId"));
  }

  @Test
  void should_answer_400_problem_for_a_malformed_percent_escape_anywhere_in_the_uri() {
    for (String uri : new String[] {"/v1/linkage/persons/3101700001098?x=%", "/v1/linkage/persons/3101700001098?x=%zz",
        "/v1/linkage/persons/%zz", "/v1/linkage/persons/31017%g001098", "/v1/usage?citizen=3101700001098&from=%4",
        "/v1/admin/officers?citizenId=%G1", "/v1/nothing-here?x=%", "/v1/usage/officers?name=%00"}) {
      HttpResponse<Buffer> r = api.get(uri).send().await();
      assertProblem(r, 400, "bad-request");
      assertFalse(r.bodyAsString().contains("3101700001098"), "the answer does not quote the request: " + r.bodyAsString());
    }
    // well-formed escapes go on to routing as before
    assertProblem(api.get("/v1/nothing-here?x=%25%20a").send().await(), 404, "not-found");
  }

  @Test
  void should_find_the_first_malformed_escape() {
    assertEquals(-1, UriEscapes.firstBadCharacter("/v1/a?b=%25%2f%2F%e0%b8%81"));
    assertEquals(-1, UriEscapes.firstBadCharacter("/v1/a"));
    assertEquals(4, UriEscapes.firstBadCharacter("/v1/%"));
    assertEquals(4, UriEscapes.firstBadCharacter("/v1/%a"));
    assertEquals(8, UriEscapes.firstBadCharacter("/v1/%20/%xz"));
    assertEquals(6, UriEscapes.firstBadCharacter("/v1/a?%%41"));
    assertEquals(8, UriEscapes.firstBadCharacter("/v1/a?b=%00"), "an escaped NUL");
    assertEquals(-1, UriEscapes.firstBadCharacter("/v1/a?b=%300%0A"), "an escaped digit zero, an escaped line feed");
    assertEquals(8, UriEscapes.firstBadCharacter("/v1/a?b=\u0000"), "a raw NUL");
    assertEquals(8, UriEscapes.firstBadCharacter("/v1/a?b=\tx"), "a raw tab");
    assertEquals(8, UriEscapes.firstBadCharacter("/v1/a?b=\u007f"));
    assertEquals(-1, UriEscapes.firstBadCharacter("/v1/a?b=ก"), "non-ASCII is the codec's business, not a control character");
  }

  @Test
  void should_log_an_unexpected_failure_without_any_message_it_or_its_causes_carry() {
    Throwable original = new IllegalStateException("at /v1/usage?citizen=3101700001098",
        new IllegalArgumentException("bad escape in 3101700001098"));
    Throwable logged = FailureHandler.withoutMessages(original);
    java.io.StringWriter out = new java.io.StringWriter();
    logged.printStackTrace(new java.io.PrintWriter(out));
    String text = out.toString();
    assertFalse(text.contains("3101700001098"), text);
    assertTrue(text.contains("java.lang.IllegalStateException (message withheld)"), text);
    assertTrue(text.contains("Caused by: java.lang.IllegalArgumentException (message withheld)"), text);
    assertTrue(text.contains("ApiFrontTest.should_log_an_unexpected_failure"), "the stack frames are kept: " + text);
  }

  @Test
  void should_report_ready_live_and_prometheus_metrics_on_the_management_port() {
    HttpResponse<Buffer> ready = management.get("/health/ready").send().await();
    assertEquals(200, ready.statusCode());
    assertEquals("UP", ready.bodyAsJsonObject().getString("status"));
    assertEquals(200, management.get("/health/live").send().await().statusCode());
    HttpResponse<Buffer> unknown = management.get("/nothing-here").send().await();
    assertProblem(unknown, 404, "not-found");
    assertTrue(String.valueOf(unknown.getHeader(CorrelationId.HEADER)).matches("[0-9a-f]{32}"), "with a correlation id");
    api.get("/v1/nothing-here").send().await();
    assertEquals(200, api.get("/openapi.yaml").send().await().statusCode());
    api.request(HttpMethod.valueOf("BREW"), "/v1/nothing-here").send().await();
    HttpResponse<Buffer> metrics = management.get("/metrics").send().await();
    assertTrue(metrics.getHeader("Content-Type").startsWith("text/plain; version=0.0.4"));
    String text = metrics.bodyAsString();
    assertTrue(text.contains("# TYPE jvm_memory_used_bytes gauge"), "JVM metrics");
    assertTrue(text.contains("vertx_http_server_requests_total{application=\"linkgate\",code=\"200\",method=\"GET\",route=\"/openapi.yaml\"} "),
        "HTTP server requests by route template, method and code");
    assertTrue(text.contains("vertx_http_server_response_time_seconds_count{application=\"linkgate\",code=\"200\",method=\"GET\",route=\"/openapi.yaml\"} "),
        "HTTP server response times");
    assertTrue(text.contains("method=\"OTHER\""), "an unknown method is counted as OTHER");
    assertFalse(text.contains("BREW"), "a client's method token must not become a tag value");
    assertTrue(text.contains("vertx_http_server_active_connections{application=\"linkgate\"} "), "open connections");
    assertTrue(text.contains("vertx_http_server_active_requests{application=\"linkgate\",method=\"GET\"} "), "requests in progress");
    assertTrue(text.contains("vertx_pool_in_use{application=\"linkgate\",pool_name=\"linkgate\",pool_type=\"sql\"}"), "DB pool metrics");
    assertFalse(text.contains("nothing-here"), "paths must not become labels");
  }
}
