package io.linkgate.metrics;

import static io.linkgate.testing.Lookups.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.citizen.CitizenId;
import io.linkgate.registry.DemoData;
import io.linkgate.sandbox.Fault;
import io.linkgate.sandbox.SandboxEndpoint;
import io.linkgate.testing.Logins;
import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RepoFiles;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's metric catalogue ("## Metrics") against a real scrape of a demo gateway and its sandbox, after
 * driving every event that makes a family appear: logins (opened, wrong PIN), lookups (miss, hit, refused, rate
 * limited, stale, upstream error with a retry, circuit open). Also: no tag holds a citizen ID, token or address
 * of a caller.
 */
class MetricCatalogueTest {

  static final String CITIZEN = "3101700001098";
  static final String OTHER_CITIZEN = CitizenId.withCheckDigit("110170020345");
  static final String FRESH_CITIZEN = CitizenId.withCheckDigit("310180000005");
  /** Monday 2 November 2026, 10:00 in Bangkok: within the demo agency's working hours. */
  static final Instant MONDAY_10 = Instant.parse("2026-11-02T03:00:00Z");
  /** Catalogue families: {@code linkgate_*}, and the Resilience4j breaker and bulkhead meters the dashboards use. */
  static final Pattern CATALOGUED = Pattern.compile("(linkgate|resilience4j)_[a-z0-9_]+");

  @TempDir
  static Path dir;
  static RunningGateway running;
  static String token;
  static Exposition gateway;
  static Exposition sandbox;
  static final List<String> steps = new ArrayList<>();

  @BeforeAll
  static void drive_every_event() throws Exception {
    MutableClock clock = new MutableClock(MONDAY_10);
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, """
        limits:
          services:
            "DEMO/NC-WELFARE": { sessionRate: 0.001, sessionBurst: 1 }
        resilience:
          minimumCalls: 2
          slidingWindow: 2
          retryBudget: 1.0
        """);
    running = RunningGateway.demo(dir, file, Map.of(), clock, TestDatabase.newDatabaseUrl());
    Lookups lookups = new Lookups(running.api());
    token = Lookups.login(running, "officer");
    DemoData.Officer officer = DemoData.OFFICERS.stream().filter(o -> o.profile().equals("officer2")).findFirst().orElseThrow();
    expect("wrong PIN reported", 204,
        running.logins().reportPin(Logins.card(officer.citizenId()), "WRONG_PIN", 2, DemoData.deviceFor(officer), DeviceKey.demo()));
    expect("miss", 200, lookups.person(token, CITIZEN), "MISS");
    expect("hit", 200, lookups.person(token, CITIZEN), "HIT");
    expect("invalid citizen id", 400, lookups.person(token, "1234567890123"));
    expect("first of the welfare bucket", 200, lookups.get(token, "NC-WELFARE", "/v1/linkage/persons/" + OTHER_CITIZEN));
    HttpResponse<Buffer> limited = lookups.get(token, "NC-WELFARE", "/v1/linkage/persons/" + OTHER_CITIZEN);
    expect("rate limited", 429, limited);
    assertEquals("rate-limit-session", type(limited));
    clock.advance(Duration.ofMinutes(11)); // past linkage.person's 10 min TTL, within staleIfError
    running.gateway().sandbox().setFault(SandboxEndpoint.LINKAGE_LINK, new Fault(1.0, Duration.ZERO, false));
    expect("stale after a failed call and its retry", 200, lookups.person(token, CITIZEN), "STALE");
    HttpResponse<Buffer> open = lookups.person(token, FRESH_CITIZEN);
    expect("circuit open", 503, open);
    assertEquals("upstream-circuit-open", type(open));
    running.gateway().sandbox().resetFaults();

    gateway = Exposition.parse(running.gateway().registry().scrape());
    String sandboxText = running.api().get(running.gateway().sandboxPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
    sandbox = Exposition.parse(sandboxText);
  }

  static void expect(String step, int status, HttpResponse<Buffer> r) {
    expect(step, status, r, null);
  }

  static void expect(String step, int status, HttpResponse<Buffer> r, String cache) {
    assertEquals(status, r.statusCode(), step + ": " + r.bodyAsString());
    if (cache != null) {
      assertEquals(cache, r.getHeader("X-Cache"), step);
    }
    steps.add(step);
  }

  @AfterAll
  static void stop() {
    if (running != null) {
      running.close();
    }
  }

  /** A catalogue row: the family as exposed, its Prometheus type and its tags. */
  record Entry(String name, String type, Set<String> tags) {
  }

  static Map<String, Entry> catalogue() throws Exception {
    String readme = Files.readString(RepoFiles.file("README.md"));
    int start = readme.indexOf("\n## Metrics\n");
    assertTrue(start >= 0, "README.md has a '## Metrics' section");
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Map<String, Entry> entries = new TreeMap<>();
    Pattern code = Pattern.compile("`([^`]+)`");
    for (String line : section.split("\n")) {
      String[] cells = line.split("(?<!\\\\)\\|");
      if (cells.length < 5 || !line.startsWith("| `")) {
        continue;
      }
      Matcher name = code.matcher(cells[1]);
      if (!name.find() || !CATALOGUED.matcher(name.group(1)).matches()) {
        continue;
      }
      Set<String> tags = new TreeSet<>();
      Matcher tag = code.matcher(cells[3]);
      while (tag.find()) {
        tags.add(tag.group(1));
      }
      Entry previous = entries.put(name.group(1), new Entry(name.group(1), cells[2].trim(), tags));
      assertTrue(previous == null, "listed twice: " + name.group(1));
    }
    return entries;
  }

  static Map<String, Entry> exposed() {
    Map<String, Entry> exposed = new TreeMap<>();
    for (Exposition e : List.of(gateway, sandbox)) {
      e.families().values().stream().filter(f -> CATALOGUED.matcher(f.name()).matches())
          .forEach(f -> exposed.put(f.name(), new Entry(f.name(), f.type(), f.labels())));
    }
    return exposed;
  }

  @Test
  void should_list_every_exposed_family_with_its_type_and_tags_when_every_event_has_happened() throws Exception {
    Map<String, Entry> catalogue = catalogue();
    List<String> wrong = new ArrayList<>();
    exposed().forEach((name, actual) -> {
      Entry listed = catalogue.get(name);
      if (listed == null) {
        wrong.add("not in the README catalogue: " + actual);
      } else if (!listed.equals(actual)) {
        wrong.add("README says " + listed + " but the scrape has " + actual);
      }
    });
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void should_expose_every_catalogued_family_when_every_event_has_happened() throws Exception {
    Set<String> missing = new TreeSet<>(catalogue().keySet());
    missing.removeAll(exposed().keySet());
    assertTrue(missing.isEmpty(), "listed in the README but never exposed after " + steps + ": " + missing);
  }

  @Test
  void should_describe_every_linkgate_family_for_whoever_reads_the_scrape() {
    List<String> bare = new ArrayList<>();
    for (Exposition e : List.of(gateway, sandbox)) {
      e.families().values().stream().filter(f -> CATALOGUED.matcher(f.name()).matches() && f.help().isBlank())
          .forEach(f -> bare.add(f.name()));
    }
    assertTrue(bare.isEmpty(), "without a # HELP description: " + bare);
  }

  @Test
  void should_tag_with_bounded_values_only_when_lookups_name_citizens_and_sessions() {
    List<String> personal = new ArrayList<>();
    Pattern citizenId = Pattern.compile("\\d{13}");
    Pattern ipv4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    // HTTP client pools are named after the server they connect to: the sandbox (the gateway's upstream) and,
    // as this test's client shares the gateway's Vert.x, the API; never the address of a caller
    Set<String> servers = Set.of("127.0.0.1:" + running.gateway().sandboxPort(), "127.0.0.1:" + running.gateway().apiPort());
    for (Exposition e : List.of(gateway, sandbox)) {
      for (Exposition.Family f : e.families().values()) {
        for (Map<String, String> labels : f.samples()) {
          labels.forEach((key, value) -> {
            boolean serverPool = key.equals("pool_name") && "http".equals(labels.get("pool_type")) && servers.contains(value);
            if (citizenId.matcher(value).find() || value.contains(token) || value.contains("lgs_")
                || (ipv4.matcher(value).find() && !serverPool)
                || Set.of("remote", "local", "address", "client", "ip", "path", "uri", "citizen", "token").contains(key)) {
              personal.add(f.name() + " " + labels);
            }
          });
        }
      }
    }
    assertTrue(personal.isEmpty(), "tags that may hold personal data: " + personal);
    // the check above would see them: the scrape does carry the bounded tags lookups are counted by
    assertTrue(gateway.families().get("linkgate_requests_seconds").samples().stream()
        .anyMatch(l -> "DEMO".equals(l.get("agency")) && "linkage.person".equals(l.get("dataset"))));
  }
}
