package io.linkgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.GatewayProcess;
import io.linkgate.testing.Logins;
import io.linkgate.testing.Nginx;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway processes on one PostgreSQL behind a real nginx running {@code config/nginx/linkgate.conf}:
 * traffic reaches both, a session's rate limit is exact across the pair, a logout reaches both within a
 * second, and when one instance is killed the other serves every request through nginx while no usage
 * record of an answered request is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancedPairTest {

  static final String CITIZEN = "3101700001098";
  static final Pattern JOURNALED = Pattern.compile("linkgate_usage_records_total\\{[^}]*stage=\"journaled\"[^}]*\\} ([0-9.E]+)");
  static final Pattern BACKLOG = Pattern.compile("linkgate_usage_backlog\\{[^}]*\\} ([0-9.E]+)");

  @TempDir
  static Path dir;
  static String url;
  static Map<String, List<String>> args = new HashMap<>();
  static Map<String, Map<String, String>> env = new HashMap<>();
  static Map<String, GatewayProcess> gateways = new TreeMap<>();
  static Nginx nginx;
  static Vertx vertx;
  static WebClient viaNginx;

  @BeforeAll
  static void start() throws Exception {
    Nginx.requireInstalled();
    url = TestDatabase.newDatabaseUrl();
    Path config = dir.resolve("gateway.yaml");
    // NC-WELFARE gets a tiny session bucket for the rate-limit check; the rest is roomy
    Files.writeString(config, """
        session:
          cacheTtl: 30m
        limits:
          sessionRate: 100000
          sessionBurst: 100000
          officerDaily: 10000000
          services:
            "DEMO/NC-WELFARE": { sessionRate: 0.01, sessionBurst: 5 }
        """);
    for (String name : List.of("a", "b")) {
      Map<String, String> e = new HashMap<>(Map.of(
          "LINKGATE_PRIVACY_HMAC_KEY", TestGateway.SHARED_HMAC_KEY,
          "LINKGATE_PRIVACY_ENCRYPTION_KEYS", "k1:" + TestGateway.SHARED_AES_KEY,
          "LINKGATE_PRIVACY_ACTIVE_KEY_ID", "k1",
          "LINKGATE_SANDBOX_LATENCY_MEDIAN", "0ms",
          "LINKGATE_SANDBOX_LATENCY_P99", "0ms",
          "LINKGATE_API_PORT", Integer.toString(GatewayProcess.freePort()),
          "LINKGATE_MANAGEMENT_PORT", Integer.toString(GatewayProcess.freePort())));
      env.put(name, e);
      // a seeds the demo registry; b only runs its own sandbox (the same deterministic upstream)
      args.put(name, List.of(name.equals("a") ? "--demo" : "--sandbox", "--config", config.toString(), "--db-url", url,
          "--data-dir", dir.resolve("data-" + name).toString()));
      gateways.put(name, GatewayProcess.start(dir.resolve("run-" + name + "-1"), args.get(name), e));
    }
    for (GatewayProcess g : gateways.values()) {
      g.awaitReady(Duration.ofSeconds(90));
    }
    nginx = Nginx.start(dir.resolve("nginx"), gateways.values().stream().map(g -> "127.0.0.1:" + g.apiPort()).toList());
    vertx = Vertx.vertx();
    viaNginx = client(nginx.port());
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    for (GatewayProcess g : gateways.values()) {
      g.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  static WebClient client(int port) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(32));
  }

  static String login(WebClient api, DemoData.Officer officer) {
    return new Logins(api).login(Logins.card(officer.citizenId()), DemoData.deviceFor(officer), DeviceKey.demo());
  }

  static DemoData.Officer officer(String profile) {
    return DemoData.OFFICERS.stream().filter(o -> o.profile().equals(profile)).findFirst().orElseThrow();
  }

  static HttpResponse<Buffer> person(WebClient api, String token, String service) {
    return api.get("/v1/linkage/persons/" + CITIZEN).putHeader("X-Api-Key", DemoData.API_KEY).bearerTokenAuthentication(token)
        .putHeader("X-Service-Code", service).send().await();
  }

  /** The value of the first series matching {@code p} on {@code g}'s /metrics, or NaN when there is none. */
  static double metric(GatewayProcess g, Pattern p) {
    WebClient management = client(g.managementPort());
    try {
      Matcher m = p.matcher(management.get("/metrics").send().await().bodyAsString());
      return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    } finally {
      management.close();
    }
  }

  static Map<String, Double> journaled() {
    Map<String, Double> counts = new TreeMap<>();
    gateways.forEach((name, g) -> {
      double v = metric(g, JOURNALED);
      counts.put(name, Double.isNaN(v) ? 0 : v); // no record journaled yet
    });
    return counts;
  }

  @Test
  @Order(1)
  void should_spread_sessions_over_both_instances_and_pass_the_correlation_id() throws Exception {
    Map<String, Double> before = journaled();
    DemoData.Officer officer = officer("officer");
    int sessions = 0;
    Map<String, Double> now = before;
    // the hash decides where a session goes; a few sessions reach both instances (40 all on one: 2^-39)
    while (sessions < 40 && (now.get("a").equals(before.get("a")) || now.get("b").equals(before.get("b")))) {
      String token = login(viaNginx, officer); // challenge and login may well be answered by different instances
      assertEquals(200, person(viaNginx, token, "NC-CIVILREG").statusCode());
      sessions++;
      now = journaled();
    }
    assertTrue(now.get("a") > before.get("a") && now.get("b") > before.get("b"), "both instances served lookups: " + before + " -> " + now);

    HttpResponse<Buffer> given = viaNginx.get("/v1/sessions/current").putHeader("X-Correlation-Id", "cluster-test-0001").send().await();
    assertEquals("cluster-test-0001", given.getHeader("X-Correlation-Id"), "a client's correlation id passes through nginx");
    String made = viaNginx.get("/v1/sessions/current").send().await().getHeader("X-Correlation-Id");
    assertTrue(made.matches("[0-9a-f]{32}"), made);
    // nginx writes the access log line after the response has gone out
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (nginx.accessLog().stream().noneMatch(line -> line.contains("\"correlationId\":\"" + made + "\""))) {
      assertTrue(System.nanoTime() < deadline, "nginx's request id is the id the gateway answered with");
      Thread.sleep(10); // polling another process's log file
    }
  }

  @Test
  @Order(2)
  void should_hold_a_sessions_burst_exactly_across_the_pair() {
    String token = login(viaNginx, officer("officer2"));
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (int i = 0; i < 12; i++) {
      HttpResponse<Buffer> r = person(viaNginx, token, "NC-WELFARE");
      statuses.merge(r.statusCode(), 1, Integer::sum);
      if (r.statusCode() == 429) {
        assertEquals("urn:linkgate:problem:rate-limit-session", r.bodyAsJsonObject().getString("type"));
      }
    }
    assertEquals(Map.of(200, 5, 429, 7), statuses, "burst 5 of 12 through nginx (round robin would admit up to 10)");
  }

  @Test
  @Order(3)
  void should_refuse_a_logged_out_token_on_both_instances_within_one_second() {
    WebClient a = client(gateways.get("a").apiPort()); // each instance directly, not through nginx
    WebClient b = client(gateways.get("b").apiPort());
    String token = login(viaNginx, officer("officer"));
    for (WebClient each : List.of(a, b, a, b)) {
      assertEquals(200, each.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode(), "known and cached");
    }
    assertEquals(204, a.delete("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode());
    long loggedOut = System.nanoTime();
    int status = 200;
    while (status == 200 && System.nanoTime() - loggedOut < 1_000_000_000L) {
      status = b.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode();
    }
    assertEquals(401, status, "instance b still accepted the token one second after the logout on a");
    assertEquals(401, a.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode());
    assertEquals(401, person(viaNginx, token, "NC-CIVILREG").statusCode());
  }

  @Test
  @Order(4)
  void should_serve_every_request_through_the_survivor_and_lose_no_usage_record_when_an_instance_is_killed() throws Exception {
    String token = login(viaNginx, officer("officer"));
    Map<String, Double> before = journaled();
    for (int i = 0; i < 5; i++) {
      assertEquals(200, person(viaNginx, token, "NC-CIVILREG").statusCode());
    }
    Map<String, Double> after = journaled();
    String target = after.get("a") - before.get("a") >= 5 ? "a" : "b";
    String survivor = target.equals("a") ? "b" : "a";
    assertEquals(before.get(survivor), after.get(survivor), "one instance serves the session: " + before + " -> " + after);

    ConcurrentMap<String, Integer> answered = new ConcurrentHashMap<>(); // usage id -> status
    ConcurrentMap<Integer, Integer> statuses = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<Void>> loops = new ArrayList<>();
    for (int w = 0; w < 16; w++) {
      Promise<Void> done = Promise.promise();
      loop(token, stop, answered, statuses, done);
      loops.add(done.future());
    }
    awaitSize(answered, 400);
    int beforeKill = answered.size();
    long killedAt = System.nanoTime();
    gateways.get(target).kill(); // SIGKILL in the middle of the load
    awaitSize(answered, beforeKill + 400);
    stop.set(true);
    Future.all(loops).await();
    long failoverMillis = (System.nanoTime() - killedAt) / 1_000_000;

    assertEquals(Set.of(200), statuses.keySet(), "every request through nginx answered 200, also during failover: " + statuses);
    List<String> retried = nginx.accessLog().stream().filter(l -> l.contains("\"upstream\":\"127.0.0.1:") && l.contains(", 127.0.0.1:")).toList();
    System.out.printf("failover: %d answered (%d before the kill), %d requests retried on the survivor by nginx, %d ms of load after the kill%n",
        answered.size(), beforeKill, retried.size(), failoverMillis);

    // the killed instance's journal is replayed when it starts again, on its own data directory and port
    GatewayProcess restarted = GatewayProcess.start(dir.resolve("run-" + target + "-2"), args.get(target), env.get(target));
    gateways.put(target, restarted);
    restarted.awaitReady(Duration.ofSeconds(90));
    for (GatewayProcess g : gateways.values()) {
      awaitDrained(g, Duration.ofSeconds(30));
    }
    try (Connection c = TestDatabase.connect(url)) {
      List<String> missing = new ArrayList<>();
      Map<String, Integer> byInstance = new TreeMap<>();
      try (PreparedStatement s = c.prepareStatement("SELECT instance_id, count(*) FROM usage_log WHERE id = ANY (?::uuid[]) GROUP BY 1")) {
        s.setArray(1, c.createArrayOf("text", answered.keySet().toArray()));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            byInstance.put(rs.getString(1), rs.getInt(2));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM usage_log WHERE id = ?::uuid")) {
        for (String id : answered.keySet()) {
          s.setString(1, id);
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            if (rs.getInt(1) != 1) {
              missing.add(id);
            }
          }
        }
      }
      assertEquals(List.of(), missing, "answered lookups without exactly one usage record");
      assertEquals(2, byInstance.size(), "the answered lookups were recorded by both instances: " + byInstance);
      try (PreparedStatement s = c.prepareStatement("SELECT count(DISTINCT instance_id) FROM usage_log");
           ResultSet rs = s.executeQuery()) {
        rs.next();
        assertEquals(2, rs.getInt(1), "one chain per instance");
      }
    }
    assertEquals(200, person(viaNginx, token, "NC-CIVILREG").statusCode(), "the pair serves again");
    for (String line : nginx.accessLog()) {
      JsonObject entry = new JsonObject(line);
      assertFalse(line.contains(CITIZEN) || line.contains(token) || line.contains("lgs_"), "nginx logged a citizen ID or token: " + line);
      entry.remove("upstream"); // the gateways' own addresses
      assertFalse(entry.encode().contains("127.0.0.1"), "nginx logged the client's address: " + line);
    }
  }

  private static void loop(String token, AtomicBoolean stop, ConcurrentMap<String, Integer> answered,
                           ConcurrentMap<Integer, Integer> statuses, Promise<Void> done) {
    if (stop.get()) {
      done.tryComplete();
      return;
    }
    viaNginx.get("/v1/linkage/persons/" + CITIZEN).putHeader("X-Api-Key", DemoData.API_KEY).bearerTokenAuthentication(token)
        .putHeader("X-Service-Code", "NC-CIVILREG").send()
        .onComplete(ar -> {
          if (ar.failed()) {
            statuses.merge(-1, 1, Integer::sum); // nginx itself failed us
          } else {
            statuses.merge(ar.result().statusCode(), 1, Integer::sum);
            String usageId = ar.result().getHeader("X-Usage-Id");
            if (usageId != null) {
              answered.put(usageId, ar.result().statusCode());
            }
          }
          loop(token, stop, answered, statuses, done);
        });
  }

  private static void awaitSize(Map<?, ?> map, int size) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (map.size() < size) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + map.size() + " of " + size + " answers within 60 s");
      }
      Thread.sleep(10); // polling the answers of the load running on Vert.x
    }
  }

  private static void awaitDrained(GatewayProcess g, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (metric(g, BACKLOG) == 0) {
        return;
      }
      Thread.sleep(100); // polling another process's metrics
    }
    throw new AssertionError("usage backlog of the instance on port " + g.apiPort() + " not shipped within " + timeout);
  }
}
