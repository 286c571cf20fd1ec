package io.linkgate.lookup;

import static io.linkgate.testing.Lookups.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.registry.DemoData;
import io.linkgate.sandbox.Population;
import io.linkgate.sandbox.Sandbox;
import io.linkgate.sandbox.SandboxEndpoint;
import io.linkgate.testing.Lookups;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy chain in order, each refusal, and the usage record every request leaves. */
class LookupPoliciesTest {

  static final String CITIZEN = "3101700001098";

  @TempDir
  static Path dir;
  static RunningGateway running;
  static Lookups lookups;
  static String officer;

  @BeforeAll
  static void start() throws Exception {
    running = RunningGateway.demo(dir, Map.of(), Clock.systemUTC());
    lookups = new Lookups(running.api());
    officer = Lookups.login(running, "officer");
    sql("INSERT INTO agency (code, office_code, name_th, name_en, monthly_quota) VALUES ('OTHER', '00777', 'อื่น', 'Other', 1000)");
    sql("INSERT INTO agency_api_key (id, agency_code, key_hash, key_prefix) VALUES (gen_random_uuid(), 'OTHER', sha256('other-agency-key'), 'other-ag')");
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  static void sql(String statement) throws Exception {
    try (Connection c = TestDatabase.connect(running.dbUrl()); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  static long count(String query) throws Exception {
    try (Connection c = TestDatabase.connect(running.dbUrl()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void should_serve_a_person_with_the_upstream_field_names_and_a_usage_id() throws Exception {
    HttpResponse<Buffer> r = lookups.person(officer, CITIZEN);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject person = r.bodyAsJsonObject();
    assertEquals(Population.buddhistEra(new Population().person(CITIZEN).orElseThrow().birthDate()), person.getInteger("dateOfBirth"));
    assertNotNull(person.getString("fullnameAndRank"));
    assertEquals("no-store", r.getHeader("Cache-Control"));
    String usageId = r.getHeader("X-Usage-Id");
    assertNotNull(usageId);
    running.gateway().usageWritten().await();
    assertEquals(1, count("SELECT count(*) FROM usage_log WHERE id = '" + usageId + "' AND outcome = 'SERVED' AND status = 200"
        + " AND dataset = 'linkage.person' AND upstream = 'linkage/001/01' AND service_code = 'NC-CIVILREG' AND target_hash IS NOT NULL"));
  }

  @Test
  void should_serve_the_house_the_general_service_the_juristic_person_and_the_card_check() {
    assertEquals(200, lookups.get(officer, "NC-CIVILREG", "/v1/linkage/persons/" + CITIZEN + "/house").statusCode());
    HttpResponse<Buffer> general = lookups.get(officer, "NC-CIVILREG", "/v1/linkage/services/001/" + CITIZEN + "?version=01");
    assertEquals(200, general.statusCode());
    assertEquals(lookups.person(officer, CITIZEN).bodyAsJsonObject(), general.bodyAsJsonObject());
    String company = io.linkgate.citizen.CitizenId.withCheckDigit("010553600001");
    HttpResponse<Buffer> juristic = lookups.get(officer, "NC-COMMERCE", "/v1/gdx/juristic-persons/" + company);
    assertEquals(200, juristic.statusCode(), juristic.bodyAsString());
    assertTrue(juristic.bodyAsJsonObject().getString("JuristicNameTH").startsWith("บริษัท"));
    Population.Person p = new Population().person(CITIZEN).orElseThrow();
    JsonObject check = new JsonObject().put("citizenId", CITIZEN).put("firstName", p.firstNameThai()).put("lastName", p.lastNameThai())
        .put("birthDate", Integer.toString(Population.buddhistEra(p.birthDate())))
        .put("laserCode", p.laserCode().substring(0, 3) + "-" + p.laserCode().substring(3, 10) + "-" + p.laserCode().substring(10));
    HttpResponse<Buffer> ok = lookups.cardCheck(officer, "NC-WELFARE", check);
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    assertTrue(ok.bodyAsJsonObject().getBoolean("Result"));
    assertFalse(lookups.cardCheck(officer, "NC-WELFARE", check.copy().put("laserCode", "AA0000000000")).bodyAsJsonObject().getBoolean("Result"));
  }

  @Test
  void should_refuse_without_a_valid_api_key() {
    HttpResponse<Buffer> none = running.api().get("/v1/linkage/persons/" + CITIZEN).bearerTokenAuthentication(officer)
        .putHeader("X-Service-Code", "NC-CIVILREG").send().await();
    assertEquals(401, none.statusCode());
    assertEquals("api-key-required", type(none));
    assertEquals("ApiKey header=\"X-Api-Key\"", none.getHeader("WWW-Authenticate"), "a 401 names its scheme (RFC 9110)");
    HttpResponse<Buffer> wrong = running.api().get("/v1/linkage/persons/" + CITIZEN).putHeader("X-Api-Key", "guess")
        .bearerTokenAuthentication(officer).putHeader("X-Service-Code", "NC-CIVILREG").send().await();
    assertEquals("api-key-invalid", type(wrong));
    assertEquals("ApiKey header=\"X-Api-Key\"", wrong.getHeader("WWW-Authenticate"));
  }

  @Test
  void should_refuse_a_key_of_another_agency_than_the_session_with_403() {
    HttpResponse<Buffer> r = running.api().get("/v1/linkage/persons/" + CITIZEN).putHeader("X-Api-Key", "other-agency-key")
        .bearerTokenAuthentication(officer).putHeader("X-Service-Code", "NC-CIVILREG").send().await();
    assertEquals(403, r.statusCode());
    assertEquals("agency-mismatch", type(r));
  }

  @Test
  void should_refuse_without_a_live_card_session() {
    HttpResponse<Buffer> none = lookups.get(null, "NC-CIVILREG", "/v1/linkage/persons/" + CITIZEN);
    assertEquals(401, none.statusCode());
    assertEquals("session-required", type(none));
    assertEquals("session-invalid", type(lookups.get("lgs_" + "x".repeat(43), "NC-CIVILREG", "/v1/linkage/persons/" + CITIZEN)));
  }

  @Test
  void should_refuse_an_officer_without_the_user_role() {
    String supervisor = Lookups.login(running, "supervisor");
    HttpResponse<Buffer> r = lookups.person(supervisor, CITIZEN);
    assertEquals(403, r.statusCode());
    assertEquals("officer-not-user", type(r));
  }

  @Test
  void should_require_a_service_the_officer_is_assigned_to_that_grants_the_dataset() throws Exception {
    assertEquals("service-code-required", type(lookups.get(officer, null, "/v1/linkage/persons/" + CITIZEN)));
    assertEquals("service-code-required", type(lookups.get(officer, "bad code!", "/v1/linkage/persons/" + CITIZEN)));
    assertEquals("service-not-assigned", type(lookups.get(officer, "NC-ELSEWHERE", "/v1/linkage/persons/" + CITIZEN)));
    HttpResponse<Buffer> house = lookups.get(officer, "NC-WELFARE", "/v1/linkage/persons/" + CITIZEN + "/house");
    assertEquals(403, house.statusCode());
    assertEquals("dataset-not-granted", type(house));
    assertEquals("dataset-not-granted", type(lookups.get(officer, "NC-CIVILREG", "/v1/gdx/juristic-persons/0105536000013")));
  }

  @Test
  void should_refuse_a_service_the_agency_no_longer_performs() throws Exception {
    sql("UPDATE agency_service SET active = false WHERE agency_code = 'DEMO' AND service_code = 'NC-COMMERCE'");
    running.gateway().agencies().invalidateAll();
    try {
      HttpResponse<Buffer> r = lookups.get(officer, "NC-COMMERCE", "/v1/linkage/persons/" + CITIZEN);
      assertEquals(403, r.statusCode());
      assertEquals("service-unknown", type(r));
    } finally {
      sql("UPDATE agency_service SET active = true WHERE agency_code = 'DEMO' AND service_code = 'NC-COMMERCE'");
      running.gateway().agencies().invalidateAll();
    }
  }

  @Test
  void should_answer_400_naming_the_field_for_malformed_input_before_any_upstream_call() {
    long before = running.gateway().sandbox().calls(SandboxEndpoint.LINKAGE_LINK);
    HttpResponse<Buffer> checksum = lookups.person(officer, "3101700001099");
    assertEquals(400, checksum.statusCode());
    assertEquals("invalid-citizen-id", type(checksum));
    assertEquals("cid", checksum.bodyAsJsonObject().getString("field"));
    assertFalse(checksum.bodyAsString().contains("3101700001099"), "the input is never echoed");
    assertEquals("invalid-citizen-id", type(lookups.person(officer, "31017000010")));
    assertEquals("serviceId", lookups.get(officer, "NC-CIVILREG", "/v1/linkage/services/1/" + CITIZEN).bodyAsJsonObject().getString("field"));
    assertEquals("version", lookups.get(officer, "NC-CIVILREG", "/v1/linkage/services/001/" + CITIZEN + "?version=1").bodyAsJsonObject().getString("field"));
    HttpResponse<Buffer> ref = lookups.request(officer, "NC-CIVILREG", "/v1/linkage/persons/" + CITIZEN).putHeader("X-Request-Ref", "case 1; drop").send().await();
    assertEquals("X-Request-Ref", ref.bodyAsJsonObject().getString("field"));
    for (String withCitizen : new String[] {"case-" + CITIZEN, "3-1017-00001-09-8", "2569/" + CITIZEN + "/1"}) {
      HttpResponse<Buffer> r = lookups.request(officer, "NC-CIVILREG", "/v1/linkage/persons/" + CITIZEN).putHeader("X-Request-Ref", withCitizen)
          .send().await();
      assertEquals(400, r.statusCode(), "a case reference kept in clear must not carry a citizen ID: " + withCitizen);
      assertEquals("X-Request-Ref", r.bodyAsJsonObject().getString("field"));
      assertFalse(r.bodyAsString().contains(CITIZEN));
    }
    assertEquals(200, lookups.request(officer, "NC-CIVILREG", "/v1/linkage/persons/" + CITIZEN).putHeader("X-Request-Ref", "2569/000123")
        .send().await().statusCode());
    assertEquals("juristicId", lookups.get(officer, "NC-COMMERCE", "/v1/gdx/juristic-persons/123").bodyAsJsonObject().getString("field"));
    assertEquals("laserCode", lookups.cardCheck(officer, "NC-WELFARE", new JsonObject().put("citizenId", CITIZEN).put("firstName", "ก")
        .put("lastName", "ข").put("birthDate", "25300101").put("laserCode", "123")).bodyAsJsonObject().getString("field"));
    assertEquals("laserCode", lookups.cardCheck(officer, "NC-WELFARE", new JsonObject().put("citizenId", CITIZEN).put("firstName", "ก")
        .put("lastName", "ข").put("birthDate", "25300101").put("laserCode", "\u0131\u017f1234567890")).bodyAsJsonObject().getString("field"),
        "a dotless i and a long s are no laser-code letters, though upper-cased they are I and S");
    HttpResponse<Buffer> noFirstName = lookups.cardCheck(officer, "NC-WELFARE", new JsonObject().put("citizenId", CITIZEN)
        .put("lastName", "ข").put("birthDate", "25300101").put("laserCode", "AB1234567890"));
    assertEquals(400, noFirstName.statusCode());
    assertEquals("invalid-input", type(noFirstName), "a card-check field missing is invalid input, as a malformed one");
    assertEquals("firstName", noFirstName.bodyAsJsonObject().getString("field"));
    HttpResponse<Buffer> numericBirthDate = lookups.cardCheck(officer, "NC-WELFARE", new JsonObject().put("citizenId", CITIZEN)
        .put("firstName", "ก").put("lastName", "ข").put("birthDate", 25300101).put("laserCode", "AB1234567890"));
    assertEquals("invalid-input", type(numericBirthDate));
    assertEquals("birthDate", numericBirthDate.bodyAsJsonObject().getString("field"));
    assertEquals(before, running.gateway().sandbox().calls(SandboxEndpoint.LINKAGE_LINK));
  }

  @Test
  void should_map_linkage_refusals_to_problems_with_the_linkage_status() throws Exception {
    HttpResponse<Buffer> missing = lookups.person(officer, io.linkgate.citizen.CitizenId.withCheckDigit("100000000050"));
    assertEquals(404, missing.statusCode());
    assertEquals("linkage-data-not-found", type(missing));
    assertEquals("90500", missing.bodyAsJsonObject().getString("linkageStatus"));
    sql("UPDATE agency_service SET datasets = datasets || '{linkage.099}' WHERE agency_code = 'DEMO' AND service_code = 'NC-CIVILREG'");
    running.gateway().agencies().invalidateAll();
    HttpResponse<Buffer> unknown = lookups.get(officer, "NC-CIVILREG", "/v1/linkage/services/099/" + CITIZEN);
    assertEquals(404, unknown.statusCode());
    assertEquals("95012", unknown.bodyAsJsonObject().getString("linkageStatus"));
    HttpResponse<Buffer> version = lookups.get(officer, "NC-CIVILREG", "/v1/linkage/services/001/" + CITIZEN + "?version=02");
    assertEquals(400, version.statusCode());
    assertEquals("95017", version.bodyAsJsonObject().getString("linkageStatus"));
    String self = DemoData.OFFICERS.get(0).citizenId();
    running.gateway().sandbox().setAgentState(self, Sandbox.AgentState.AgentNotAvailable);
    try {
      HttpResponse<Buffer> agent = lookups.person(officer, "1101700001105");
      assertEquals(401, agent.statusCode());
      assertEquals("linkage-officer-not-logged-in", type(agent));
      assertEquals("Bearer realm=\"LinkGate\"", agent.getHeader("WWW-Authenticate"), "a 401 names its challenge (RFC 9110)");
    } finally {
      running.gateway().sandbox().setAgentState(self, Sandbox.AgentState.AgentAvailable);
    }
  }

  @Test
  void should_write_one_usage_record_per_request_refused_or_served_without_plain_citizen_ids() throws Exception {
    running.gateway().usageWritten().await();
    long before = count("SELECT count(*) FROM usage_log");
    lookups.person(officer, CITIZEN);
    lookups.person(officer, "3101700001099");
    lookups.get(null, "NC-CIVILREG", "/v1/linkage/persons/" + CITIZEN);
    lookups.get(officer, "NC-WELFARE", "/v1/linkage/persons/" + CITIZEN + "/house");
    running.gateway().usageWritten().await();
    assertEquals(before + 4, count("SELECT count(*) FROM usage_log"));
    assertTrue(count("SELECT count(*) FROM usage_log WHERE outcome = 'REFUSED' AND problem = 'dataset-not-granted'") >= 1);
    try (Connection c = TestDatabase.connect(running.dbUrl()); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT string_agg(t::text, '|') FROM usage_log t")) {
      rs.next();
      assertFalse(rs.getString(1).contains(CITIZEN), "plaintext citizen ID in the usage log");
    }
  }

  @Test
  void should_name_the_citizen_in_the_usage_record_of_a_lookup_refused_before_its_input_was_read() throws Exception {
    String target = io.linkgate.citizen.CitizenId.withCheckDigit("310170000733");
    assertEquals("service-not-assigned", type(lookups.get(officer, "NC-ELSEWHERE", "/v1/linkage/persons/" + target)));
    assertEquals("officer-not-user", type(lookups.person(Lookups.login(running, "supervisor"), target)));
    assertEquals("session-required", type(lookups.get(null, "NC-CIVILREG", "/v1/linkage/persons/" + target + "/house")));
    assertEquals("service-not-assigned", type(lookups.cardCheck(officer, "NC-ELSEWHERE", new JsonObject().put("citizenId", target)
        .put("firstName", "ก").put("lastName", "ข").put("birthDate", "25300101").put("laserCode", "AB1234567890"))));
    running.gateway().usageWritten().await();

    // the ICT auditor asks who tried to look this citizen up
    HttpResponse<Buffer> found = running.api().get("/v1/usage?citizen=" + target).bearerTokenAuthentication(Lookups.login(running, "auditor"))
        .send().await();
    assertEquals(200, found.statusCode(), found.bodyAsString());
    io.vertx.core.json.JsonArray items = found.bodyAsJsonObject().getJsonArray("items");
    assertEquals(4, items.size(), items.encode());
    for (Object item : items) {
      assertEquals("REFUSED", ((JsonObject) item).getString("outcome"));
      assertEquals(target, ((JsonObject) item).getString("citizenId"));
    }
  }

  @Test
  void should_keep_citizen_ids_and_tokens_out_of_metrics() {
    lookups.person(officer, CITIZEN);
    String metrics = running.gateway().registry().scrape();
    assertTrue(metrics.contains("linkgate_requests_seconds_count{agency=\"DEMO\""), "request metrics present");
    assertFalse(metrics.contains(CITIZEN));
    assertFalse(metrics.contains(officer.substring(4, 20)));
  }
}
