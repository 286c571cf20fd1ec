package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live stream: delivery, filters, roles, and slow readers dropped without slowing lookups. */
class UsageStreamTest {

  static final String CITIZEN = "3101700001098";

  @TempDir
  Path dir;
  RunningGateway running;
  Lookups lookups;
  HttpClient http;

  @BeforeEach
  void start() throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "limits:\n  sessionBurst: 5000\n  sessionRate: 5000\n  officerDaily: 100000\nusage:\n  streamMaxLag: 8KB\n  shipInterval: 20ms\n");
    running = RunningGateway.demo(dir, file, Map.of(), Clock.systemUTC(), TestDatabase.newDatabaseUrl());
    lookups = new Lookups(running.api());
    http = running.gateway().vertx().createHttpClient();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  /** Opens the stream and collects its events' JSON. */
  BlockingQueue<JsonObject> open(String token, String query, int[] status) {
    return open(token, query, status, new LinkedBlockingQueue<>());
  }

  /** Opens the stream and collects its events' JSON, and in {@code names} the event names and "(end)" when it ends. */
  BlockingQueue<JsonObject> open(String token, String query, int[] status, BlockingQueue<String> names) {
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    StringBuilder pending = new StringBuilder();
    HttpClientResponse response = http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
            .setPort(running.gateway().apiPort()).setURI("/v1/usage/stream" + query).putHeader("Authorization", "Bearer " + token))
        .compose(req -> req.send()).await();
    status[0] = response.statusCode();
    if (response.statusCode() != 200) {
      return events;
    }
    response.handler(buf -> {
      pending.append(buf.toString(StandardCharsets.UTF_8));
      int end;
      while ((end = pending.indexOf("\n\n")) >= 0) {
        String event = pending.substring(0, end);
        pending.delete(0, end + 2);
        for (String line : event.split("\n")) {
          if (line.startsWith("data: ")) {
            events.add(new JsonObject(line.substring(6)));
          } else if (line.startsWith("event: ")) {
            names.add(line.substring(7));
          }
        }
      }
    });
    response.endHandler(v -> names.add("(end)"));
    return events;
  }

  @Test
  void should_push_new_records_without_citizen_ids_and_honour_filters() throws Exception {
    String auditor = Lookups.login(running, "auditor");
    int[] status = new int[1];
    BlockingQueue<JsonObject> all = open(auditor, "", status);
    assertEquals(200, status[0]);
    BlockingQueue<JsonObject> refused = open(auditor, "?outcome=REFUSED", status);
    String officer = Lookups.login(running, "officer");
    lookups.person(officer, CITIZEN);
    lookups.person(officer, "3101700001099");
    JsonObject first = all.poll(10, TimeUnit.SECONDS);
    JsonObject second = all.poll(10, TimeUnit.SECONDS);
    assertNotNull(first);
    assertNotNull(second);
    assertEquals("SERVED", first.getString("outcome"), first::encode);
    assertFalse(first.encode().contains(CITIZEN), "no citizen ID in the stream");
    assertNotNull(first.getString("targetHash"));
    JsonObject onlyRefused = refused.poll(10, TimeUnit.SECONDS);
    assertEquals("REFUSED", onlyRefused.getString("outcome"));
    assertTrue(refused.poll(300, TimeUnit.MILLISECONDS) == null, "the served record was filtered out");
  }

  @Test
  void should_let_supervisors_follow_their_services_only_and_refuse_officers() throws Exception {
    int[] status = new int[1];
    open(Lookups.login(running, "officer"), "", status);
    assertEquals(403, status[0]);
    open(Lookups.login(running, "head"), "", status);
    assertEquals(403, status[0]);
    BlockingQueue<JsonObject> supervised = open(Lookups.login(running, "service-supervisor"), "", status);
    assertEquals(200, status[0]);
    BlockingQueue<JsonObject> all = open(Lookups.login(running, "auditor"), "", status);
    String officer = Lookups.login(running, "officer");
    // a refusal before the service is known leaves a record without one: the auditor sees it, the supervisor not,
    // and the records after it still reach both
    assertEquals(400, lookups.get(officer, null, "/v1/linkage/persons/" + CITIZEN).statusCode());
    assertEquals(null, all.poll(10, TimeUnit.SECONDS).getString("service"));
    lookups.get(officer, "NC-WELFARE", "/v1/linkage/persons/" + CITIZEN);
    assertEquals("NC-WELFARE", supervised.poll(10, TimeUnit.SECONDS).getString("service"));
    assertEquals("NC-WELFARE", all.poll(10, TimeUnit.SECONDS).getString("service"));
  }

  @Test
  void should_end_a_readers_stream_when_the_card_session_ends() throws Exception {
    String auditor = Lookups.login(running, "auditor");
    String supervisor = Lookups.login(running, "service-supervisor");
    int[] status = new int[1];
    BlockingQueue<String> auditorEvents = new LinkedBlockingQueue<>();
    BlockingQueue<String> supervisorEvents = new LinkedBlockingQueue<>();
    open(auditor, "", status, auditorEvents);
    open(supervisor, "", status, supervisorEvents);
    lookups.person(Lookups.login(running, "officer"), CITIZEN);
    assertEquals("usage", auditorEvents.poll(10, TimeUnit.SECONDS));
    // logout: the stream says so and ends; the other reader's stream goes on
    assertEquals(204, running.api().delete("/v1/sessions/current").bearerTokenAuthentication(auditor).send().await().statusCode());
    assertEquals("session-ended", auditorEvents.poll(10, TimeUnit.SECONDS));
    assertEquals("(end)", auditorEvents.poll(10, TimeUnit.SECONDS));
    assertEquals("usage", supervisorEvents.poll(10, TimeUnit.SECONDS));
    assertEquals(null, supervisorEvents.poll(200, TimeUnit.MILLISECONDS));
    assertEquals(1.0, running.gateway().registry().get("linkgate.usage.stream.subscribers").gauge().value());
  }

  @Test
  void should_end_a_supervisors_stream_at_the_next_check_when_a_service_is_taken_away() throws Exception {
    String supervisorId = io.linkgate.registry.DemoData.officerId(io.linkgate.registry.DemoData.OFFICERS.stream()
        .filter(o -> o.profile().equals("service-supervisor")).findFirst().orElseThrow()).toString();
    int[] status = new int[1];
    BlockingQueue<String> names = new LinkedBlockingQueue<>();
    BlockingQueue<JsonObject> supervised = open(Lookups.login(running, "service-supervisor"), "", status, names);
    assertEquals(200, status[0]);
    BlockingQueue<JsonObject> all = open(Lookups.login(running, "auditor"), "", status);
    String admin = Lookups.login(running, "admin");
    var narrowed = running.api().patch("/v1/admin/officers/" + supervisorId).bearerTokenAuthentication(admin)
        .sendJsonObject(new JsonObject().put("services", new io.vertx.core.json.JsonArray().add("NC-WELFARE"))).await();
    assertEquals(200, narrowed.statusCode(), narrowed.bodyAsString());
    running.gateway().usageStream().checkReaders().await(); // the 15-second tick, now

    assertEquals("access-changed", names.poll(10, TimeUnit.SECONDS));
    assertEquals("(end)", names.poll(10, TimeUnit.SECONDS));
    assertEquals(new JsonObject(), supervised.poll(1, TimeUnit.SECONDS), "the access-changed event's data");
    String officer = Lookups.login(running, "officer");
    lookups.get(officer, "NC-CIVILREG", "/v1/linkage/persons/" + CITIZEN);
    assertEquals("NC-CIVILREG", all.poll(10, TimeUnit.SECONDS).getString("service"), "the auditor's stream goes on");
    assertEquals(null, supervised.poll(200, TimeUnit.MILLISECONDS), "a removed service's record is not delivered");
    assertEquals(1.0, running.gateway().registry().get("linkgate.usage.stream.subscribers").gauge().value());
  }

  @Test
  void should_drop_a_reader_that_falls_behind_and_keep_serving_lookups() throws Exception {
    String auditor = Lookups.login(running, "auditor");
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(1024);
      slow.connect(new InetSocketAddress("127.0.0.1", running.gateway().apiPort()));
      OutputStream out = slow.getOutputStream();
      out.write(("GET /v1/usage/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + auditor + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String officer = Lookups.login(running, "officer");
      double dropped = 0;
      // the kernel's socket buffers take a few megabytes before the server's queue fills: send lookups in waves
      for (int wave = 0; wave < 60 && dropped == 0; wave++) {
        java.util.List<io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
          calls.add(lookups.request(officer, "NC-CIVILREG", "/v1/linkage/persons/" + CITIZEN).send());
        }
        io.vertx.core.Future.all(calls).await();
        for (var call : calls) {
          assertEquals(200, call.result().statusCode(), "lookups go on while a stream reader stalls");
        }
        running.gateway().usageWritten().await();
        dropped = running.gateway().registry().get("linkgate.usage.stream.dropped").functionCounter().count();
      }
      assertTrue(dropped >= 1, "the stalled reader was never dropped");
      assertEquals(0.0, running.gateway().registry().get("linkgate.usage.stream.subscribers").gauge().value());
    }
  }
}
