package io.linkgate.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.agent.Agent;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.cardedge.localapi.LocalApiConfig;
import io.linkgate.cardedge.sim.InMemoryPinCounterStore;
import io.linkgate.cardedge.sim.SimulatedCardProfiles;
import io.linkgate.cardedge.sim.SimulatedCardSlot;
import io.linkgate.cardedge.sim.SimulatedCards;
import io.linkgate.cardedge.sim.SimulatedTerminals;
import io.linkgate.cardedge.sim.SimulatedThaiIdCard;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.GatewayProcess;
import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in headless Chromium against the demo: a demo gateway, and two card-edge agents with
 * simulated readers (the demo agency's workstation and the central unit's), the officer "typing" PIN 1234 at
 * card-edge. Screenshots of each main screen go to {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleEndToEndTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final Path SHOTS = Path.of("target", "console-screenshots");
  /** Bangkok 10:00 on a Tuesday in October 2026. */
  static final Instant START = Instant.parse("2026-10-20T03:00:00Z");

  Path dir;
  MutableClock clock;
  RunningGateway running;
  WebClient http;
  Station demo;
  Station central;
  Chromium browser;
  String origin;

  /** One workstation: a simulated reader, the card-edge agent on it, and the slot the console's button drives. */
  record Station(SimulatedTerminals terminals, SimulatedCardSlot slot, Agent agent) {
    void insert(String profile) {
      slot.insert(card(profile));
    }
  }

  static SimulatedThaiIdCard card(String profile) {
    return new SimulatedThaiIdCard(SimulatedCardProfiles.byName(profile), new InMemoryPinCounterStore(), SimulatedCards.defaultIssuerKey());
  }

  @BeforeAll
  void start(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    Path binary = Chromium.binary();
    assertNotNull(binary, "the console's end-to-end tests need Chromium: apt-get install chromium (see .ci/run), or -Dchromium.binary=PATH");
    clock = new MutableClock(START);
    running = RunningGateway.demo(dir.resolve("gateway"), Map.of("report.generateDrafts", "false"), clock);
    http = running.api();
    origin = "http://127.0.0.1:" + running.gateway().apiPort();
    demo = station("Counter 3 reader", DeviceKey.demo());
    central = station("Central unit reader", DeviceKey.demo().as(DemoData.CENTRAL_DEVICE_ID));
    browser = Chromium.launch(binary, dir.resolve("chromium-profile"), Duration.ofSeconds(60));
    Files.createDirectories(SHOTS);
  }

  private Station station(String readerName, DeviceKey key) {
    SimulatedTerminals terminals = new SimulatedTerminals();
    SimulatedCardSlot slot = new SimulatedCardSlot(terminals.addReader(readerName), card("officer"));
    Agent agent = Agent.start(new Agent.Settings(URI.create(origin), key, () -> {
      try {
        return terminals.terminalFactory();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }, null, new LocalApiConfig(0, "local-token-of-" + readerName.hashCode(), List.of(origin)),
        reader -> DemoData.PIN.toCharArray(), slot), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return new Station(terminals, slot, agent);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    for (Station s : new Station[] {demo, central}) {
      if (s != null) {
        s.agent().close();
      }
    }
    if (running != null) {
      running.close();
    }
  }

  private void open(Station station, String lang) {
    browser.navigate(origin + "/console/?edge=" + station.agent().localPort() + (lang == null ? "" : "&lang=" + lang));
    browser.awaitVisible("#signin", WAIT);
  }

  private void shot(String name) throws Exception {
    browser.screenshot(SHOTS.resolve(name + ".png"));
  }

  /** Inserts the profile's card and waits until the console shows the signed-in officer. */
  private void signIn(Station station, String profile, String nav) {
    station.insert(profile);
    browser.awaitVisible("#nav-" + nav, WAIT);
  }

  private void signOut(Station station) {
    station.slot().remove();
    browser.awaitVisible("#signin", WAIT);
  }

  private void lookUp(String service, String dataset, String cid, String ref) {
    browser.setValue("#lookup-service", service);
    browser.setValue("#lookup-dataset", dataset);
    browser.type("#lookup-cid", cid);
    browser.type("#lookup-ref", ref);
    browser.eval("document.querySelector('#lookup-result').replaceChildren()");
    browser.press("Enter", "Enter", 13);
    browser.await("document.querySelector('#record, #lookup-problem')", "a lookup answer", WAIT);
  }

  /** Signs the open report's {@code step} with a comment, as its role's officer, and waits for the sign-off. */
  private void sign(String step, String comment) {
    browser.awaitVisible("#step-" + step, WAIT);
    browser.type("#action-comment", comment);
    browser.click("#step-" + step);
    browser.await("document.querySelector('[data-step=" + step.toUpperCase() + "]')", "the " + step + " sign-off", WAIT);
  }

  private String problemShown() {
    return (String) browser.eval("document.querySelector('#lookup-problem')?.dataset.problem ?? null");
  }

  private static String cid(String twelve) {
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      sum += (twelve.charAt(i) - '0') * (13 - i);
    }
    return twelve + ((11 - sum % 11) % 10);
  }

  private HttpResponse<Buffer> admin(io.vertx.core.http.HttpMethod method, String path, JsonObject body) {
    var req = http.request(method, path).bearerTokenAuthentication(RunningGateway.ADMIN_TOKEN);
    return (body == null ? req.send() : req.sendJsonObject(body)).await();
  }

  @Test
  @Order(1)
  void should_serve_the_console_with_a_strict_policy_and_explain_a_missing_card_edge() throws Exception {
    HttpResponse<Buffer> page = http.get("/console/?edge=48123").send().await();
    assertEquals(200, page.statusCode());
    String csp = page.getHeader("Content-Security-Policy");
    assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'")
        && csp.contains("connect-src 'self' ws://127.0.0.1:48123 http://127.0.0.1:48123;"), csp);
    assertFalse(csp.contains("unsafe-inline"), csp);
    assertEquals("no-cache", page.getHeader("Cache-Control"));
    HttpResponse<Buffer> script = http.get("/console/js/main.js").send().await();
    assertEquals(200, script.statusCode());
    assertTrue(script.getHeader("Content-Type").startsWith("text/javascript") || script.getHeader("Content-Type").startsWith("application/javascript"));
    assertEquals("no-cache", script.getHeader("Cache-Control"), "revalidated on every use: never an old script after an upgrade");
    assertEquals(304, http.get("/console/js/main.js").putHeader("If-None-Match", script.getHeader("ETag")).send().await().statusCode());
    assertEquals(301, http.get("/console").followRedirects(false).send().await().statusCode());
    assertEquals(9898, http.get("/console/settings.json").send().await().bodyAsJsonObject().getInteger("cardEdgePort"));

    int nobody = GatewayProcess.freePort();
    browser.navigate(origin + "/console/?edge=" + nobody);
    browser.awaitVisible("#edge-down", WAIT);
    assertTrue(browser.text("#edge-down").contains("--allowed-origin " + origin), browser.text("#edge-down"));
    assertTrue(browser.text("#edge-down").contains("--local-port " + nobody));
    shot("01-card-edge-not-running");
  }

  @Test
  @Order(2)
  void should_sign_in_with_the_card_look_up_print_refuse_clearly_and_sign_out_when_the_card_leaves() throws Exception {
    open(demo, null);
    demo.slot().remove();
    browser.await("document.querySelector('#signin-state')?.innerText.includes('เสียบบัตร')", "the Thai 'insert your card'", WAIT);
    shot("02-insert-card");

    signIn(demo, "officer", "lookup");
    assertTrue(browser.text("#officer-name").contains("นางสาวกมลชนก ศรีสุข"));
    shot("03-lookup-form");

    String person = cid("310170000109");
    lookUp("NC-CIVILREG", "person", person, "CASE-2026/0142");
    browser.awaitVisible("#record", WAIT);
    String usageId = browser.text("#record-usage-id");
    assertTrue(usageId.matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"), usageId);
    assertTrue(browser.text("#record").contains("CASE-2026/0142"));
    assertTrue(browser.text("#record-officer").contains("กมลชนก"));
    assertTrue(browser.text("#record-at").contains("20 ต.ค. 2569"), "the usage record's date (gateway clock), Buddhist era: " + browser.text("#record-at"));
    shot("04-person-record");
    // the other language: the record stays, drawn again (it was thrown away, and looking it up again made a second
    // usage record)
    browser.click("#lang");
    browser.await("document.documentElement.lang === 'en' && document.querySelector('#record-usage-id')?.innerText === "
        + Chromium.js(usageId), "the record in English", WAIT);
    browser.click("#lang");
    browser.await("document.documentElement.lang === 'th' && document.querySelector('#record-usage-id')?.innerText === "
        + Chromium.js(usageId), "the record in Thai again", WAIT);

    browser.eval("window.__printed = false; window.print = () => { window.__printed = true; }");
    browser.click("#print");
    assertEquals(Boolean.TRUE, browser.eval("window.__printed"));
    browser.emulateMedia("print");
    shot("05-print-view");
    byte[] pdf = browser.printToPdf();
    Files.write(SHOTS.resolve("05-print-view.pdf"), pdf);
    browser.emulateMedia("");
    try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      var box = doc.getPage(0).getMediaBox();
      assertEquals(595, Math.round(box.getWidth()), "A4 width in points");
      assertEquals(842, Math.round(box.getHeight()), "A4 height in points");
      String printed = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
      assertTrue(printed.replaceAll("\\s", "").contains(usageId), "the printout carries the usage id:\n" + printed);
      assertFalse(printed.contains("LinkGate ระบบเชื่อมโยงข้อมูล"), "the printout leaves the navigation out");
    }

    lookUp("NC-CIVILREG", "house", person, "CASE-2026/0142");
    browser.awaitVisible("#record", WAIT);
    assertTrue(browser.text("#record").contains("บ้านเลขที่") || browser.text("#record").contains("รหัสประจำบ้าน"));
    // a Bangkok house has no village (the register's villageNo 0): no "หมู่ที่ 0" on the record
    assertFalse(browser.text("#record").contains("หมู่ที่"), browser.text("#record"));

    // refused by the page itself: a wrong check digit never leaves the browser
    browser.type("#lookup-cid", "1234567890123");
    browser.press("Enter", "Enter", 13);
    browser.await("document.querySelector('#cid-error').innerText.length > 0", "the check-digit message", WAIT);
    // nor does a case reference made of a citizen ID (the gateway keeps the reference in clear and refuses it)
    browser.eval("document.querySelector('#cid-error').textContent = ''");
    browser.type("#lookup-cid", person);
    browser.type("#lookup-ref", "CASE-" + person);
    browser.press("Enter", "Enter", 13);
    browser.await("document.querySelector('#cid-error').innerText.includes('เลขประจำตัวประชาชน')", "the reference message", WAIT);
    browser.setValue("#lookup-ref", "");

    // no right: the welfare service does not grant house registrations
    lookUp("NC-WELFARE", "house", person, "CASE-2026/0143");
    assertEquals("dataset-not-granted", problemShown());
    assertTrue(browser.text("#lookup-problem").contains("ไม่มีสิทธิ์"));
    shot("06-refused-no-right");

    // not found
    lookUp("NC-CIVILREG", "person", cid("310170000100"), "CASE-2026/0144");
    assertEquals("linkage-data-not-found", problemShown());

    // rate limit, with the time to try again
    assertEquals(200, admin(io.vertx.core.http.HttpMethod.PUT, "/v1/admin/agencies/DEMO/services/NC-COMMERCE", new JsonObject()
        .put("datasets", new JsonArray().add("linkage.person").add("gdx.juristic")).put("active", true)
        .put("sessionRate", 0.01).put("sessionBurst", 1)).statusCode());
    lookUp("NC-COMMERCE", "person", cid("310170000201"), "CASE-2026/0145");
    browser.awaitVisible("#record", WAIT);
    lookUp("NC-COMMERCE", "person", cid("310170000202"), "CASE-2026/0146");
    assertEquals("rate-limit-session", problemShown());
    assertTrue(browser.text("#lookup-problem").matches("(?s).*รอ \\d+ วินาที.*"), browser.text("#lookup-problem"));
    shot("07-refused-rate-limit");

    // outside the agency's working hours (Bangkok 10:00 now)
    assertEquals(200, admin(io.vertx.core.http.HttpMethod.PATCH, "/v1/admin/agencies/DEMO",
        new JsonObject().put("workStart", "13:00").put("workEnd", "16:30")).statusCode());
    lookUp("NC-CIVILREG", "person", person, "CASE-2026/0147");
    assertEquals("outside-working-hours", problemShown());
    shot("08-refused-outside-hours");
    assertEquals(200, admin(io.vertx.core.http.HttpMethod.PATCH, "/v1/admin/agencies/DEMO",
        new JsonObject().put("workStart", "00:00").put("workEnd", "23:59")).statusCode());

    // the agency's monthly quota used up: it renews on the 1st, so the page gives that date, not only "00:00:00"
    assertEquals(200, admin(io.vertx.core.http.HttpMethod.PATCH, "/v1/admin/agencies/DEMO", new JsonObject().put("monthlyQuota", 1)).statusCode());
    lookUp("NC-CIVILREG", "person", person, "CASE-2026/0147Q");
    assertEquals("quota-agency-monthly", problemShown());
    assertTrue(browser.text("#lookup-problem").matches("(?s).*ลองใหม่ได้เวลา \\d{1,2} \\S+ 25\\d\\d \\d{2}:\\d{2}.*"), browser.text("#lookup-problem"));
    assertEquals(200, admin(io.vertx.core.http.HttpMethod.PATCH, "/v1/admin/agencies/DEMO", new JsonObject().put("monthlyQuota", 100000)).statusCode());

    // the Linkage Center down: the expired cached copy, marked as such; nothing cached: the upstream message
    clock.advance(Duration.ofMinutes(11));
    WebClient sandbox = WebClient.create(running.gateway().vertx());
    assertEquals(200, sandbox.put(running.gateway().sandboxPort(), "127.0.0.1", "/sandbox/faults/linkage-link")
        .sendJsonObject(new JsonObject().put("outage", true)).await().statusCode());
    try {
      lookUp("NC-CIVILREG", "person", person, "CASE-2026/0148");
      browser.awaitVisible("#stale-notice", WAIT);
      shot("09-upstream-down-cached-copy");
      lookUp("NC-CIVILREG", "person", cid("310170000303"), "CASE-2026/0149");
      assertTrue(problemShown().startsWith("upstream-"), problemShown());
      assertTrue(browser.text("#lookup-problem").contains("ระบบต้นทาง"));
      shot("10-upstream-down");
    } finally {
      sandbox.delete(running.gateway().sandboxPort(), "127.0.0.1", "/sandbox/faults").send().await();
    }

    // English, then the card leaves: signed out at once, nothing of the officer kept
    browser.click("#lang");
    browser.await("document.documentElement.lang === 'en' && document.querySelector('#nav-lookup').innerText === 'Lookup'", "English", WAIT);
    String token = demo.agent().state().token();
    assertNotNull(token);
    browser.click("#sim-remove");
    browser.awaitVisible("#signin-notice", WAIT);
    assertTrue(browser.text("#signin-notice").contains("card was removed"), browser.text("#signin-notice"));
    assertFalse(browser.text("body").contains(person), "the looked-up citizen stays on screen after sign-out");
    assertEquals(Boolean.TRUE, browser.eval("localStorage.length === 0 && sessionStorage.length === 0 && document.cookie === ''"));
    int status = 200;
    long removed = System.nanoTime();
    while (status == 200 && System.nanoTime() - removed < 2_000_000_000L) {
      status = http.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode();
    }
    assertEquals(401, status, "the gateway still accepts the session after the card left");
    shot("11-signed-out");
    assertTrue(browser.console().stream().noneMatch(l -> l.contains("Content Security Policy")), String.join("\n", browser.console()));
  }

  @Test
  @Order(3)
  void should_carry_the_month_report_through_its_sign_offs_and_show_it_to_supervisor_auditor_and_admin() throws Exception {
    // officer2 makes refused lookups this month (an anomaly), straight through the API as an agency system would
    String token2 = Lookups.login(running, "officer2");
    Lookups lookups = new Lookups(http);
    for (int i = 0; i < 10; i++) {
      assertEquals(403, lookups.get(token2, "NC-WELFARE", "/v1/linkage/persons/" + cid("31017000040" + i) + "/house").statusCode());
    }
    clock.set(Instant.parse("2026-11-02T02:00:00Z")); // Bangkok 9:00 on 2 November: October is closed

    open(demo, null);
    signIn(demo, "officer", "reports");
    browser.click("#nav-reports");
    browser.awaitVisible("#report-generate", WAIT);
    browser.setValue("#report-month", "2026-10");
    browser.click("#report-generate");
    browser.awaitVisible("#step-submit", WAIT);
    assertTrue(browser.text("#anomalies").contains("repeated-refusals"), browser.text("#report"));
    shot("12-report-draft");
    sign("submit", "สรุปยอดเดือนตุลาคม");
    signOut(demo);

    signIn(demo, "supervisor", "reports");
    browser.await("document.querySelector('.report-link[data-state=SUBMITTED]')", "the submitted report in the list", WAIT);
    shot("13-reports-list");
    browser.click(".report-link[data-state=SUBMITTED]");
    sign("verify", "ตรวจสอบแล้ว ถูกต้อง");
    signOut(demo);

    signIn(demo, "head", "reports");
    browser.await("document.querySelector('.report-link[data-state=VERIFIED]')", "the verified report in the list", WAIT);
    browser.click(".report-link[data-state=VERIFIED]");
    sign("review", "พิจารณาแล้ว");
    sign("escalate", "พบการถูกปฏิเสธซ้ำ ส่งศูนย์ ICT ตรวจสอบ");
    shot("14-report-escalated");
    Path downloads = dir.resolve("downloads");
    browser.browserCall("Browser.setDownloadBehavior", new JsonObject().put("behavior", "allow")
        .put("downloadPath", downloads.toString()).put("eventsEnabled", true));
    browser.callAndAwait("Runtime.evaluate", new JsonObject().put("expression", "document.querySelector('#download-csv').click()")
        .put("userGesture", true), "Browser.downloadProgress", p -> "completed".equals(p.getString("state")), WAIT);
    try (var files = Files.list(downloads)) {
      Path csv = files.filter(f -> f.getFileName().toString().matches("linkgate-report-DEMO-2026-10-v\\d+\\.csv")).findFirst()
          .orElseThrow(() -> new AssertionError("no CSV downloaded"));
      String text = Files.readString(csv, StandardCharsets.UTF_8);
      assertTrue(text.startsWith("\uFEFF") && text.contains("repeated-refusals"), "the CSV: UTF-8 with BOM, with the anomaly");
    }
    signOut(demo);

    open(central, null);
    signIn(central, "service-supervisor", "received");
    browser.await("document.querySelector('.report-link[data-state=ESCALATED_TO_ICT]')", "the report among those received", WAIT);
    shot("15-supervisor-received");
    signOut(central);

    signIn(central, "auditor", "audit");
    browser.click("#tab-escalated");
    browser.await("document.querySelector('.report-link[data-state=ESCALATED_TO_ICT]')", "the escalated report", WAIT);
    shot("16-auditor-escalated");
    browser.click("#tab-search");
    browser.awaitVisible("#usage-form", WAIT);
    browser.setValue("#usage-from", "2026-10-01");
    browser.type("#usage-citizen", cid("310170000109"));
    browser.click("#usage-search");
    browser.await("document.querySelectorAll('#usage-results tbody tr').length >= 3", "the officer's lookups of that citizen", WAIT);
    shot("17-auditor-usage-search");
    browser.click("#tab-live");
    browser.awaitVisible("#live-records", WAIT);
    browser.await("document.querySelector('#live-toggle').innerText === 'หยุด'", "the live stream to start", WAIT);
    String token3 = Lookups.login(running, "officer2");
    assertEquals(200, lookups.person(token3, cid("310170000505")).statusCode());
    browser.await("document.querySelector('#live-records').innerText.includes('NC-CIVILREG')", "the new lookup in the live stream", WAIT);
    browser.await("/^แสดง \\d+ รายการล่าสุด/.test(document.querySelector('#live-status').innerText)", "the count shown with what it counts", WAIT);
    shot("18-auditor-live");
    // the auditor's card session ends at the gateway: the stream says so and stops (it drew its end as an empty
    // record before), while card-edge has not noticed yet
    String auditorToken = central.agent().state().token();
    assertEquals(204, http.delete("/v1/sessions/current").bearerTokenAuthentication(auditorToken).send().await().statusCode());
    browser.await("document.querySelector('#live-status').innerText.includes('เซสชันบัตรของท่านสิ้นสุดแล้ว')", "the stream's end shown", WAIT);
    assertFalse(browser.text("#live-records").contains("undefined"), browser.text("#live-records"));
    signOut(central);

    signIn(central, "admin", "admin");
    browser.await("document.querySelector('#panel-agencies table')", "the agencies", WAIT);
    assertTrue(browser.text("#panel-agencies").contains("DEMO"));
    shot("19-admin-agencies");
    browser.click("#tab-keys");
    browser.awaitVisible("#key-create", WAIT);
    browser.setValue("#key-agency", "DEMO");
    browser.await("document.querySelector('#key-list').innerText.includes('demo key')", "the demo agency's keys", WAIT);
    browser.type("#key-label", "counter system");
    browser.click("#key-create");
    browser.awaitVisible("#key-secret-value", WAIT);
    String secret = browser.text("#key-secret-value").trim();
    assertEquals(200, http.get("/v1/linkage/persons/" + cid("310170000606")).putHeader("X-Api-Key", secret)
        .bearerTokenAuthentication(token3).putHeader("X-Service-Code", "NC-CIVILREG").send().await().statusCode(),
        "the key the console showed works for the agency system");
    shot("20-admin-keys");
    browser.click("#tab-compliance");
    browser.await("document.querySelector('#compliance table')", "the compliance view", WAIT);
    shot("21-admin-compliance");
    browser.click("#tab-officers");
    browser.await("document.querySelector('#officer-list table')", "the officers", WAIT);
    shot("22-admin-officers");
    signOut(central);
  }

  @Test
  @Order(4)
  void should_let_an_admin_edit_agencies_register_and_change_officers_and_enroll_and_revoke_devices_in_the_console() throws Exception {
    open(central, null);
    signIn(central, "admin", "admin");

    // a new agency, then its working hours changed
    browser.await("document.querySelector('#panel-agencies table')", "the agencies", WAIT);
    browser.click("#agency-new");
    browser.awaitVisible("#agency-form", WAIT);
    browser.type("#agency-code", "NORTH-1");
    browser.type("#agency-office", "00051");
    browser.type("#agency-name-th", "สำนักงานเขตเหนือ");
    browser.type("#agency-name-en", "Northern district office");
    browser.type("#agency-quota", "5000");
    browser.press("Enter", "Enter", 13);
    awaitMessage("#agency-message", "ok");
    assertEquals("agency-message", browser.eval("document.activeElement.id"), "focus moves to the message");
    browser.await("document.querySelector('#agency-edit-NORTH-1')", "the new agency listed", WAIT);
    browser.click("#agency-edit-NORTH-1");
    browser.await("document.querySelector('#agency-form h2').innerText.includes('NORTH-1')", "the agency's form", WAIT);
    browser.setValue("#agency-start", "07:30");
    browser.setValue("#agency-end", "15:00");
    browser.click("#agency-days input[value=SAT]");
    browser.click("#agency-save");
    awaitMessage("#agency-message", "ok");
    assertTrue(browser.text("#agency-message").contains("07:30–15:00"), browser.text("#agency-message"));
    browser.await("document.querySelector('#agency-list').innerText.includes('07:30–15:00')", "the new hours in the list", WAIT);
    shot("23-admin-agency-form");
    JsonObject north = admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/agencies/NORTH-1", null).bodyAsJsonObject();
    assertEquals("07:30", north.getString("workStart"));
    assertEquals("15:00", north.getString("workEnd"));
    assertEquals(new JsonArray(List.of("MON", "TUE", "WED", "THU", "FRI", "SAT")), north.getJsonArray("workDays"));
    assertEquals(5000, north.getInteger("monthlyQuota"));

    // what the new agency performs: a service of the catalogue, its datasets and session limits
    browser.click("#tab-services");
    browser.await("document.querySelector('#service-list table')", "the catalogue", WAIT);
    browser.setValue("#services-agency", "NORTH-1");
    browser.await("document.querySelector('#agency-services table')", "the agency's services", WAIT);
    browser.click("#agency-service-new");
    browser.awaitVisible("#agency-service-form", WAIT);
    browser.setValue("#agency-service-service", "NC-WELFARE");
    browser.click("#agency-service-datasets input[value='gdx.card-check']");
    browser.type("#agency-service-rate", "2");
    browser.type("#agency-service-burst", "5");
    browser.press("Enter", "Enter", 13);
    awaitMessage("#agency-service-message", "ok");
    browser.await("document.querySelector('#agency-service-edit-NC-WELFARE')", "the service listed for the agency", WAIT);
    JsonObject welfare = admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/agencies/NORTH-1/services/NC-WELFARE", null).bodyAsJsonObject();
    assertEquals(new JsonArray(List.of("linkage.person", "gdx.card-check")), welfare.getJsonArray("datasets"));
    assertEquals(2.0, welfare.getDouble("sessionRate"));
    assertEquals(5, welfare.getInteger("sessionBurst"));

    // an officer at a rank that may not hold USER: the gateway's refusal, shown next to the form, input kept
    browser.click("#tab-officers");
    browser.await("document.querySelector('#officer-list table')", "the officers", WAIT);
    browser.setValue("#officers-agency", "DEMO");
    browser.await("document.querySelector('#officer-list').innerText.includes('กมลชนก')", "the demo agency's officers", WAIT);
    browser.click("#officer-new");
    browser.await("document.querySelector('#officer-services input[value=NC-CIVILREG]')", "the agency's services to assign", WAIT);
    assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#officer-roles input[value=ADMIN]').disabled"), "only a SUPER_ADMIN grants ADMIN");
    assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#officer-roles input[value=ICT_AUDITOR]').disabled"),
        "nor ICT_AUDITOR (the server refuses it; the form offered it)");
    String newcomer = cid("310170000777");
    browser.type("#officer-cid", newcomer.substring(0, 12) + ((newcomer.charAt(12) - '0' + 1) % 10));
    browser.await("document.querySelector('#officer-cid-check').innerText.includes('ไม่ถูกต้อง')", "the check-digit hint", WAIT);
    browser.type("#officer-cid", newcomer);
    browser.await("document.querySelector('#officer-cid-check').innerText === 'หลักตรวจสอบถูกต้อง'", "the check digit accepted", WAIT);
    browser.setValue("#officer-rank", "O1");
    browser.click("#officer-services input[value=NC-CIVILREG]");
    browser.type("#officer-name-th", "นายสมชาย ใจดี");
    browser.type("#officer-name-en", "Mr. Somchai Jaidee");
    browser.press("Enter", "Enter", 13);
    awaitMessage("#officer-message", "bad");
    assertEquals("rank-not-entitled", browser.eval("document.querySelector('#officer-message').dataset.problem"));
    assertTrue(browser.text("#officer-message").contains("ระดับนี้มีบทบาทผู้ใช้งานไม่ได้ — Rank O1 may not hold USER"),
        "the type's Thai title, then the gateway's detail: " + browser.text("#officer-message"));
    assertEquals("officer-message", browser.eval("document.activeElement.id"), "focus moves to the message");
    assertEquals("นายสมชาย ใจดี", browser.eval("document.querySelector('#officer-name-th').value"), "the form keeps what was typed");
    assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#officer-services input[value=NC-CIVILREG]').checked"));
    assertEquals(0, officersByCitizenId(newcomer).size(), "nothing registered on a refusal");
    shot("24-admin-officer-refused");

    browser.setValue("#officer-rank", "O2");
    browser.click("#officer-save");
    awaitMessage("#officer-message", "ok");
    browser.await("document.querySelector('#officer-list').innerText.includes('นายสมชาย ใจดี')", "the new officer listed", WAIT);
    assertEquals("", browser.eval("document.querySelector('#officer-cid').value"), "the citizen ID does not stay in the page");
    JsonArray found = officersByCitizenId(newcomer);
    assertEquals(1, found.size());
    JsonObject somchai = found.getJsonObject(0);
    assertEquals("O2", somchai.getString("rank"));
    assertEquals(new JsonArray(List.of("USER")), somchai.getJsonArray("roles"));
    assertEquals(new JsonArray(List.of("NC-CIVILREG")), somchai.getJsonArray("services"));
    shot("25-admin-officer-registered");

    // change the officer: rank, a second service, deactivated
    String id = somchai.getString("id");
    browser.click("#officer-edit-" + id);
    browser.await("document.querySelector('#officer-form h2').innerText.includes('นายสมชาย')", "the officer's form", WAIT);
    browser.await("document.querySelector('#officer-services input[value=NC-WELFARE]')", "the services", WAIT);
    browser.setValue("#officer-rank", "K1");
    browser.click("#officer-services input[value=NC-WELFARE]");
    browser.click("#officer-active");
    browser.click("#officer-save");
    awaitMessage("#officer-message", "ok");
    JsonObject changed = admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/officers/" + id, null).bodyAsJsonObject();
    assertEquals("K1", changed.getString("rank"));
    assertEquals(new JsonArray(List.of("NC-CIVILREG", "NC-WELFARE")), changed.getJsonArray("services"));
    assertFalse(changed.getBoolean("active"));

    // the agency stops offering a service the officer holds: changing the officer's name keeps it (the form
    // lists it as not offered now); it went silently before, and reactivating the service did not bring it back
    JsonObject welfareAtDemo = admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/agencies/DEMO/services/NC-WELFARE", null).bodyAsJsonObject();
    assertEquals(204, admin(io.vertx.core.http.HttpMethod.DELETE, "/v1/admin/agencies/DEMO/services/NC-WELFARE", null).statusCode());
    browser.click("#officer-edit-" + id);
    browser.await("document.querySelector('#officer-services')?.innerText.includes('คงไว้')"
        + " && document.querySelector('#officer-services input[value=NC-WELFARE]').checked", "the service not offered, still held", WAIT);
    browser.type("#officer-name-th", "นายสมชาย ใจดีมาก");
    browser.click("#officer-save");
    awaitMessage("#officer-message", "ok");
    JsonObject renamed = admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/officers/" + id, null).bodyAsJsonObject();
    assertEquals("นายสมชาย ใจดีมาก", renamed.getString("nameTh"));
    assertEquals(new JsonArray(List.of("NC-CIVILREG", "NC-WELFARE")), renamed.getJsonArray("services"));
    JsonObject reactivate = new JsonObject().put("datasets", welfareAtDemo.getJsonArray("datasets")).put("active", true);
    for (String limit : List.of("sessionRate", "sessionBurst")) {
      if (welfareAtDemo.getValue(limit) != null) {
        reactivate.put(limit, welfareAtDemo.getValue(limit));
      }
    }
    assertEquals(200, admin(io.vertx.core.http.HttpMethod.PUT, "/v1/admin/agencies/DEMO/services/NC-WELFARE", reactivate).statusCode());

    // locked after a blocked PIN: unlocked from the list
    try (var c = io.linkgate.testing.TestDatabase.connect(running.dbUrl()); var st = c.prepareStatement("UPDATE officer SET locked_at = now() WHERE id = ?")) {
      st.setObject(1, java.util.UUID.fromString(id));
      assertEquals(1, st.executeUpdate());
    }
    browser.setValue("#officers-agency", "DEMO");
    browser.await("document.querySelector('#officer-unlock-" + id + "')", "the officer shown as locked", WAIT);
    browser.click("#officer-unlock-" + id);
    awaitMessage("#officer-list-message", "ok");
    assertFalse(admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/officers/" + id, null).bodyAsJsonObject().getBoolean("locked"));

    // a workstation: paste what card-edge enroll printed, enroll, revoke (two presses)
    browser.click("#tab-devices");
    browser.await("document.querySelector('#device-list table')", "the devices", WAIT);
    DeviceKey key = DeviceKey.generate(dir.resolve("counter-9.key"), "counter-9");
    browser.type("#device-key", new JsonObject().put("id", "counter-9").put("agency", "<your agency code>")
        .put("publicKey", key.publicKeyBase64()).put("label", "<where this workstation is>").encodePrettily());
    assertEquals("counter-9", browser.eval("document.querySelector('#device-id').value"));
    assertEquals(key.publicKeyBase64(), browser.eval("document.querySelector('#device-key').value"));
    browser.setValue("#device-agency", "DEMO");
    browser.type("#device-label", "Counter 9");
    browser.press("Enter", "Enter", 13);
    awaitMessage("#device-message", "ok");
    browser.await("document.querySelector('tr[data-device=counter-9][data-revoked=false]')", "the enrolled device listed", WAIT);
    shot("26-admin-devices");
    assertTrue(device("counter-9").getString("revokedAt") == null);
    browser.click("#device-revoke-counter-9");
    assertTrue(browser.text("#device-revoke-counter-9").contains("counter-9"), "the first press asks");
    assertTrue(device("counter-9").getString("revokedAt") == null, "not revoked on the first press");
    browser.click("#device-revoke-counter-9");
    browser.await("document.querySelector('tr[data-device=counter-9][data-revoked=true]')", "the device revoked", WAIT);
    awaitMessage("#device-list-message", "ok");
    assertNotNull(device("counter-9").getString("revokedAt"));

    // more workstations than one page: "More" follows the cursor (the list stopped at the first 500 before), and
    // the agency filter narrows it
    int enrolled = admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/devices?limit=500", null).bodyAsJsonObject()
        .getJsonArray("items").size() + 520;
    int atDemo = admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/devices?agency=DEMO&limit=500", null).bodyAsJsonObject()
        .getJsonArray("items").size();
    try (var c = io.linkgate.testing.TestDatabase.connect(running.dbUrl());
         var st = c.prepareStatement("INSERT INTO device (id, agency_code, public_key, label) "
             + "SELECT 'north-' || lpad(n::text, 3, '0'), 'NORTH-1', decode(?, 'base64'), 'Counter ' || n FROM generate_series(1, 520) n")) {
      st.setString(1, key.publicKeyBase64());
      assertEquals(520, st.executeUpdate());
    }
    browser.click("#tab-keys");
    browser.click("#tab-devices");
    browser.await("document.querySelectorAll('#device-list tbody tr').length === 500", "the first page of devices", WAIT);
    browser.awaitVisible("#device-more", WAIT);
    browser.click("#device-more");
    browser.await("document.querySelectorAll('#device-list tbody tr').length === " + enrolled, "every device after More", WAIT);
    assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#device-more').hidden"), "nothing more to load");
    browser.setValue("#devices-agency", "DEMO");
    browser.await("document.querySelectorAll('#device-list tbody tr').length === " + atDemo, "DEMO's devices alone", WAIT);
    assertTrue(browser.console().stream().noneMatch(l -> l.contains("Content Security Policy")), String.join("\n", browser.console()));
    signOut(central);
  }

  @Test
  @Order(5)
  void should_let_the_auditor_pick_an_officer_by_name_and_find_only_that_officers_records() throws Exception {
    Lookups lookups = new Lookups(http);
    assertEquals(200, lookups.person(Lookups.login(running, "officer2"), cid("310170000808")).statusCode());
    assertEquals(200, lookups.person(Lookups.login(running, "officer"), cid("310170000809")).statusCode());
    running.gateway().usageWritten().await();
    String teerawat = DemoData.officerId(DemoData.OFFICERS.stream().filter(o -> o.profile().equals("officer2")).findFirst().orElseThrow()).toString();

    open(central, null);
    signIn(central, "auditor", "audit");
    browser.awaitVisible("#usage-form", WAIT);
    browser.setValue("#usage-from", "2026-10-01");
    // "To" today: the day chosen is searched whole (it was the exclusive end, today's records left out)
    browser.setValue("#usage-to", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Bangkok")).toString());
    browser.type("#usage-officer", "ธีรวัฒน์");
    browser.await("document.querySelector('#usage-officer-matches button')", "the officers matching the name", WAIT);
    assertTrue(browser.text("#usage-officer-matches").contains("นายธีรวัฒน์ ทองดี (DEMO)"), browser.text("#usage-officer-matches"));
    shot("27-auditor-officer-picker");
    browser.press("ArrowDown", "ArrowDown", 40);
    browser.press("Enter", "Enter", 13);
    browser.await("document.querySelector('#usage-officer-chosen').dataset.officer === " + Chromium.js(teerawat), "the officer chosen", WAIT);
    browser.press("Enter", "Enter", 13);
    browser.await("document.querySelectorAll('#usage-results tbody tr[data-officer]').length > 0", "the officer's records", WAIT);
    assertEquals(Boolean.TRUE, browser.eval("[...document.querySelectorAll('#usage-results tbody tr')].every(tr => tr.dataset.officer === "
        + Chromium.js(teerawat) + ")"), "only that officer's records");
    assertTrue(browser.text("#usage-results").contains("ให้บริการ"), "the outcome in Thai, not SERVED: " + browser.text("#usage-results"));
    shot("28-auditor-usage-by-officer");
    JsonObject audited = admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/audit?action=usage.search&limit=1", null).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0);
    assertEquals(teerawat, audited.getJsonObject("detail").getString("officer"), "the search, by officer id, in the audit trail");
    signOut(central);
  }

  @Test
  @Order(6)
  void should_page_the_usage_search_with_the_filters_of_its_first_page_when_the_form_changed_since() throws Exception {
    // more than a page of records, served and refused in turn (a wrong check digit is refused before any limit)
    Lookups lookups = new Lookups(http);
    String officer = Lookups.login(running, "officer");
    for (int i = 0; i < 120; i++) {
      String valid = cid(String.format("3101700%05d", 1000 + i));
      String target = i % 2 == 0 ? valid : valid.substring(0, 12) + (char) ('0' + (valid.charAt(12) - '0' + 1) % 10);
      lookups.person(officer, target);
      if (i % 10 == 9) {
        clock.advance(Duration.ofSeconds(5)); // the session's rate limit refills
      }
    }
    running.gateway().usageWritten().await();
    String auditor = Lookups.login(running, "auditor");
    JsonArray all = http.get("/v1/usage?from=2026-09-01&to=2027-01-01&limit=500").bearerTokenAuthentication(auditor).send().await()
        .bodyAsJsonObject().getJsonArray("items");
    assertTrue(all.size() > 100 && all.size() < 500, "a second page of the period, in one API answer: " + all.size());
    long refused = all.stream().skip(100).map(JsonObject.class::cast).filter(r -> r.getString("outcome").equals("REFUSED")).count();
    assertTrue(refused > 0 && refused < all.size() - 100, "records of both outcomes beyond the first page: " + refused);

    open(central, null);
    signIn(central, "auditor", "audit");
    browser.awaitVisible("#usage-form", WAIT);
    browser.setValue("#usage-from", "2026-09-01");
    browser.setValue("#usage-to", "2026-12-31");
    browser.click("#usage-search");
    browser.await("document.querySelectorAll('#usage-results tbody tr').length === 100", "the first page", WAIT);
    // the form changes after the first page: "More" still pages the search shown, not a mix of two searches
    browser.setValue("#usage-outcome", "REFUSED");
    browser.click("#usage-results + .actions button");
    browser.await("document.querySelectorAll('#usage-results tbody tr').length > 100", "the next page", WAIT);
    assertEquals((long) all.size(), ((Number) browser.eval("document.querySelectorAll('#usage-results tbody tr').length")).longValue(),
        "every record of the first search's period, once");
    signOut(central);
  }

  @Test
  @Order(7)
  void should_list_every_officer_of_an_agency_with_more_than_a_page_of_them() throws Exception {
    int officers;
    try (var c = io.linkgate.testing.TestDatabase.connect(running.dbUrl());
         var st = c.prepareStatement("INSERT INTO officer (id, agency_code, citizen_id_hash, citizen_id_enc, citizen_id_key, name_th, name_en, rank) "
             + "SELECT gen_random_uuid(), 'NORTH-1', decode(md5('north officer ' || n), 'hex'), '\\x00'::bytea, 'k1', "
             + "'เจ้าหน้าที่ ' || lpad(n::text, 3, '0'), 'Officer ' || n, 'K1' FROM generate_series(1, 520) n")) {
      assertEquals(520, st.executeUpdate());
      try (var count = c.createStatement().executeQuery("SELECT count(*) FROM officer WHERE agency_code = 'NORTH-1'")) {
        count.next();
        officers = count.getInt(1);
      }
    }
    open(central, null);
    signIn(central, "admin", "admin");
    browser.click("#tab-officers");
    browser.await("document.querySelector('#officer-list table')", "the officers", WAIT);
    browser.setValue("#officers-agency", "NORTH-1");
    browser.await("document.querySelectorAll('#officer-list tbody tr').length === 500", "the first 500 of the agency's officers", WAIT);
    browser.awaitVisible("#officer-more", WAIT);
    browser.click("#officer-more");
    browser.await("document.querySelectorAll('#officer-list tbody tr').length === " + officers, "every officer after More", WAIT);
    assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#officer-more').hidden"), "nothing more to load");
    browser.setValue("#officers-agency", "DEMO");
    browser.await("document.querySelector('#officer-list').innerText.includes('กมลชนก')", "the demo agency's officers", WAIT);
    assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#officer-more').hidden"), "the demo agency fits one page");
    signOut(central);
  }

  @Test
  @Order(8)
  void should_show_how_many_anomalies_a_report_found_beyond_those_it_lists() throws Exception {
    open(central, null);
    signIn(central, "auditor", "audit");
    browser.click("#tab-escalated");
    browser.await("document.querySelector('.report-link[data-state=ESCALATED_TO_ICT]')", "the escalated report", WAIT);
    // a month with more flagged citizens than the 200 the citizen rules list: the answer's anomaliesNotListed, as a
    // gateway gives it (GET /v1/reports/{id}), put into the report this page reads
    browser.eval("(() => { const real = window.fetch; window.fetch = async (url, opts) => {"
        + " const res = await real(url, opts);"
        + " if (!/\\/v1\\/reports\\/[0-9a-f-]{36}$/.test(String(url)) || !res.ok) return res;"
        + " const body = await res.json(); body.anomaliesNotListed = [{ rule: 'citizen-many-lookups', count: 1234 }];"
        // the rule's list is full when it is cut: one of its anomalies listed, as the report would have 200 of them
        + " body.anomalies = [...(body.anomalies || []), { rule: 'citizen-many-lookups', titleTh: 'ข้อมูลของบุคคลเดียวถูกเรียกดูหลายครั้ง',"
        + " titleEn: 'One citizen looked up many times', subject: '#0123456789', figures: { lookups: 12 }, usageIds: [] }];"
        + " return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }); }; })()");
    browser.click(".report-link[data-state=ESCALATED_TO_ICT]");
    browser.awaitVisible("#anomalies", WAIT);
    browser.await("document.querySelector('.anomalies-not-listed[data-rule=citizen-many-lookups]')", "the anomalies not listed", WAIT);
    assertTrue(browser.text(".anomalies-not-listed").contains("ข้อมูลของบุคคลเดียวถูกเรียกดูหลายครั้ง: และอีก 1,234 รายการที่ไม่ได้แสดง"),
        "the rule by its title, then how many more: " + browser.text(".anomalies-not-listed"));
    signOut(central);
  }

  @Test
  @Order(9)
  void should_revoke_an_agency_key_only_when_the_admin_confirms_as_for_a_device() throws Exception {
    JsonObject created = admin(io.vertx.core.http.HttpMethod.POST, "/v1/admin/agencies/DEMO/keys",
        new JsonObject().put("label", "old counter system")).bodyAsJsonObject();
    String id = created.getString("id");
    String button = "#key-revoke-" + id;
    long activeBefore = keys().stream().filter(k -> !k.getBoolean("revoked")).count();
    open(central, null);
    signIn(central, "admin", "admin");
    browser.click("#tab-keys");
    browser.awaitVisible("#key-create", WAIT);
    browser.setValue("#key-agency", "DEMO");
    browser.await("document.querySelector('tr[data-key=\"" + id + "\"][data-revoked=false]')", "the key listed", WAIT);

    // the first press asks (naming the key); Escape cancels
    browser.eval("document.querySelector(" + Chromium.js(button) + ").focus()");
    browser.click(button);
    String asked = browser.text(button);
    assertTrue(asked.contains("กดอีกครั้งเพื่อยืนยัน") && asked.contains(created.getString("prefix")) && asked.contains("old counter system"), asked);
    assertEquals(asked, browser.eval("document.querySelector(" + Chromium.js(button) + ").getAttribute('aria-label')"),
        "a screen reader hears the question too");
    shot("29-admin-key-revoke-asked");
    browser.press("Escape", "Escape", 27);
    assertEquals("ยกเลิก", browser.text(button).trim());
    // asked again, then cancelled by leaving the button; the press after that only asks once more
    browser.click(button);
    browser.eval("document.querySelector('#key-label').focus()");
    assertEquals("ยกเลิก", browser.text(button).trim());
    browser.eval("document.querySelector(" + Chromium.js(button) + ").focus()");
    browser.click(button);
    assertTrue(browser.text(button).contains("กดอีกครั้งเพื่อยืนยัน"), browser.text(button));
    assertFalse(key(id).getBoolean("revoked"), "a cancelled confirmation revokes nothing");
    assertEquals(activeBefore, keys().stream().filter(k -> !k.getBoolean("revoked")).count());

    // confirmed: revoked, said so, the other keys untouched
    browser.click(button);
    browser.await("document.querySelector('tr[data-key=\"" + id + "\"][data-revoked=true]')", "the key revoked", WAIT);
    awaitMessage("#key-list-message", "ok");
    assertTrue(browser.text("#key-list-message").contains(created.getString("prefix")), browser.text("#key-list-message"));
    assertTrue(key(id).getBoolean("revoked"));
    assertEquals(activeBefore - 1, keys().stream().filter(k -> !k.getBoolean("revoked")).count(), "only that key revoked");
    signOut(central);
  }

  @Test
  @Order(10)
  void should_show_an_anomalys_subject_and_figures_in_the_language_of_the_page() throws Exception {
    open(central, "en");
    signIn(central, "auditor", "audit");
    browser.click("#tab-escalated");
    browser.await("document.querySelector('.report-link[data-state=ESCALATED_TO_ICT]')", "the escalated report", WAIT);
    assertTrue(browser.text("#main").contains("DEMO LinkGate demo office") && !browser.text("#main").contains("สำนักงานสาธิต"),
        "the agency's English name in the English list: " + browser.text("#main"));
    browser.click(".report-link[data-state=ESCALATED_TO_ICT]");
    String refusals = "[data-rule=repeated-refusals] .anomaly-subject";
    browser.awaitVisible(refusals, WAIT);
    assertEquals("Mr. Teerawat Thongdee", browser.text(refusals).trim(), "the officer's English name on the English page");
    assertTrue(browser.text("[data-rule=repeated-refusals]").contains("refused = 10"), browser.text("[data-rule=repeated-refusals]"));
    shot("30-report-anomaly-english");

    browser.click("#lang");
    browser.await("document.querySelector(" + Chromium.js(refusals) + ")?.innerText.trim() === 'นายธีรวัฒน์ ทองดี'", "the Thai name on the Thai page", WAIT);
    assertTrue(browser.text("[data-rule=repeated-refusals]").contains("ถูกปฏิเสธ = 10"), browser.text("[data-rule=repeated-refusals]"));

    // a report stored before anomalies carried an English subject: the English name of the report's officer line
    browser.eval("(() => { const real = window.fetch; window.fetch = async (url, opts) => {"
        + " const res = await real(url, opts);"
        + " if (!/\\/v1\\/reports\\/[0-9a-f-]{36}$/.test(String(url)) || !res.ok) return res;"
        + " const body = await res.json(); body.anomalies.forEach(a => delete a.subjectEn);"
        + " return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }); }; })()");
    browser.click("#lang"); // the page asks for the report again, in English
    browser.await("document.querySelector(" + Chromium.js(refusals) + ")?.innerText.trim() === 'Mr. Teerawat Thongdee'",
        "the English name from the officer line of a report without subjectEn", WAIT);
    signOut(central);
  }

  /** Last: it closes the gateway's live streams for good, as its shutdown does. */
  @Test
  @Order(20)
  void should_say_the_live_stream_stopped_when_the_gateway_closes_it_without_a_last_event() throws Exception {
    open(central, null);
    signIn(central, "auditor", "audit");
    browser.click("#tab-live");
    browser.awaitVisible("#live-records", WAIT);
    browser.await("document.querySelector('#live-toggle').innerText === 'หยุด'", "the live stream to start", WAIT);
    browser.await("document.querySelector('#live-status').innerText.includes('กำลังรอ')", "the stream waiting for records", WAIT);
    running.gateway().usageStream().close().await(); // what a gateway stopping (or restarting) does to its readers
    browser.await("document.querySelector('#live-status').innerText.includes('เกตเวย์ปิดการติดตาม')", "the stream's end shown", WAIT);
    assertEquals("เริ่มติดตาม", browser.text("#live-toggle").trim());
    signOut(central);
  }

  private void awaitMessage(String selector, String kind) {
    browser.await("document.querySelector(" + Chromium.js(selector) + ")?.dataset.kind === " + Chromium.js(kind), kind + " in " + selector, WAIT);
  }

  private JsonArray officersByCitizenId(String citizenId) {
    return admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/officers?citizenId=" + citizenId, null).bodyAsJsonObject().getJsonArray("items");
  }

  private List<JsonObject> keys() {
    return admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/agencies/DEMO/keys", null).bodyAsJsonObject().getJsonArray("items")
        .stream().map(JsonObject.class::cast).toList();
  }

  private JsonObject key(String id) {
    return keys().stream().filter(k -> k.getString("id").equals(id)).findFirst().orElseThrow();
  }

  private JsonObject device(String id) {
    return admin(io.vertx.core.http.HttpMethod.GET, "/v1/admin/devices?agency=DEMO&limit=500", null).bodyAsJsonObject().getJsonArray("items")
        .stream().map(JsonObject.class::cast).filter(d -> d.getString("id").equals(id)).findFirst().orElseThrow();
  }
}
