package io.linkgate.registry;

import static io.linkgate.registry.AdminClient.expect;
import static io.linkgate.registry.AdminClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.RunningGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agency API keys: the secret shown once and stored hashed; rotated and revoked keys refused on lookups at once. */
class KeyAdminTest {

  static final String CITIZEN = "3101700001098";

  @TempDir
  static Path dir;
  static RunningGateway running;
  static AdminClient admin;
  static String officerToken;

  @BeforeAll
  static void start() throws Exception {
    running = RunningGateway.demo(dir, Map.of(), Clock.systemUTC());
    admin = new AdminClient(running.api(), Lookups.login(running, "admin"));
    officerToken = Lookups.login(running, "officer");
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  /** A person lookup by the demo officer, as the agency system holding {@code apiKey} makes it. */
  static HttpResponse<Buffer> lookup(String apiKey) {
    return running.api().get("/v1/linkage/persons/" + CITIZEN).putHeader("X-Api-Key", apiKey).bearerTokenAuthentication(officerToken)
        .putHeader("X-Service-Code", "NC-CIVILREG").send().await();
  }

  @Test
  void should_show_a_new_secret_once_store_only_its_hash_and_accept_it_on_lookups() throws Exception {
    HttpResponse<Buffer> r = admin.post("/v1/admin/agencies/DEMO/keys", new JsonObject().put("label", "case system"));
    JsonObject key = expect(201, r);
    assertEquals("no-store", r.getHeader("Cache-Control"));
    String secret = key.getString("secret");
    assertTrue(secret.startsWith("lgk_") && secret.length() > 40, secret.substring(0, 4));
    assertEquals(secret.substring(0, 8), key.getString("prefix"));
    assertEquals(200, lookup(secret).statusCode());

    List<List<String>> stored = AdminClient.sql(running,
        "SELECT encode(key_hash, 'hex'), key_prefix, label FROM agency_api_key WHERE id = '" + key.getString("id") + "'");
    assertEquals(HexFormat.of().formatHex(ApiKeys.hash(secret)), stored.get(0).get(0), "stored as SHA-256");
    String table = AdminClient.sql(running, "SELECT string_agg(t::text, '|') FROM agency_api_key t").get(0).get(0);
    assertFalse(table.contains(secret.substring(8)), "no plaintext secret in the table");

    HttpResponse<Buffer> listed = admin.get("/v1/admin/agencies/DEMO/keys");
    JsonArray keys = AdminClient.items(listed);
    assertTrue(keys.size() >= 2, "the demo key and the new one");
    keys.forEach(k -> assertNull(((JsonObject) k).getValue("secret")));
    assertFalse(listed.bodyAsString().contains(secret.substring(8)), "a listing never shows the secret");
    JsonObject mine = keys.stream().map(JsonObject.class::cast).filter(k -> k.getString("id").equals(key.getString("id"))).findFirst().orElseThrow();
    assertEquals("case system", mine.getString("label"));
    assertNull(mine.getString("secret"));
    assertFalse(mine.getBoolean("revoked"));

    String audit = AdminClient.sql(running, "SELECT string_agg(t::text, '|') FROM admin_audit t").get(0).get(0);
    assertTrue(audit.contains("key.create"));
    assertFalse(audit.contains(secret.substring(8)), "the audit trail holds no secret");
    assertFalse(audit.contains(stored.get(0).get(0)), "nor its hash");
  }

  @Test
  void should_refuse_a_rotated_key_at_once_and_accept_its_replacement() throws Exception {
    JsonObject old = expect(201, admin.post("/v1/admin/agencies/DEMO/keys", new JsonObject().put("label", "to rotate")));
    assertEquals(200, lookup(old.getString("secret")).statusCode(), "used once, so the directory caches it");
    HttpResponse<Buffer> r = admin.post("/v1/admin/agencies/DEMO/keys/" + old.getString("id") + "/rotate", null);
    JsonObject fresh = expect(201, r);
    assertNotEquals(old.getString("secret"), fresh.getString("secret"));
    assertEquals("to rotate", fresh.getString("label"), "the label carries over");
    assertEquals(old.getString("id"), fresh.getString("replaces"));

    HttpResponse<Buffer> refused = lookup(old.getString("secret"));
    assertEquals(401, refused.statusCode());
    assertEquals("api-key-invalid", Lookups.type(refused));
    assertEquals(200, lookup(fresh.getString("secret")).statusCode());
    assertEquals(404, admin.post("/v1/admin/agencies/DEMO/keys/" + old.getString("id") + "/rotate", null).statusCode(),
        "a revoked key cannot be rotated again");
    assertEquals("key.rotate", AdminClient.sql(running,
        "SELECT action FROM admin_audit WHERE target = '" + fresh.getString("id") + "'").get(0).get(0));
    // the trail of the old key tells what became of it: an auditor searching by that key finds its revocation
    JsonArray trail = AdminClient.items(admin.get("/v1/admin/audit?target=" + old.getString("id")));
    assertEquals("key.revoke", trail.getJsonObject(0).getString("action"), trail.encode());
    assertEquals(fresh.getString("id"), trail.getJsonObject(0).getJsonObject("detail").getString("replacedBy"));
  }

  @Test
  void should_refuse_a_revoked_key_at_once_and_show_it_revoked() {
    JsonObject key = expect(201, admin.post("/v1/admin/agencies/DEMO/keys", null));
    assertEquals(200, lookup(key.getString("secret")).statusCode());
    assertEquals(204, admin.delete("/v1/admin/agencies/DEMO/keys/" + key.getString("id")).statusCode());
    assertEquals(401, lookup(key.getString("secret")).statusCode());
    JsonObject listed = AdminClient.items(admin.get("/v1/admin/agencies/DEMO/keys")).stream().map(JsonObject.class::cast)
        .filter(k -> k.getString("id").equals(key.getString("id"))).findFirst().orElseThrow();
    assertTrue(listed.getBoolean("revoked"));
    assertEquals(404, admin.delete("/v1/admin/agencies/DEMO/keys/" + key.getString("id")).statusCode(), "already revoked");
    assertEquals(200, lookup(io.linkgate.registry.DemoData.API_KEY).statusCode(), "other keys keep working");
  }

  @Test
  void should_answer_404_for_an_unknown_agency_or_key_and_400_for_an_invalid_label() {
    assertEquals(404, admin.post("/v1/admin/agencies/NOPE/keys", null).statusCode());
    assertEquals(404, admin.get("/v1/admin/agencies/NOPE/keys").statusCode());
    assertEquals(404, admin.delete("/v1/admin/agencies/DEMO/keys/not-a-uuid").statusCode());
    assertEquals(404, admin.delete("/v1/admin/agencies/DEMO/keys/0b6f6d1e-1111-4c4c-8888-000000000000").statusCode());
    String demoKeyId = AdminClient.items(admin.get("/v1/admin/agencies/DEMO/keys")).stream().map(JsonObject.class::cast)
        .filter(k -> k.getString("label").equals("demo key")).findFirst().orElseThrow().getString("id");
    assertEquals(404, admin.delete("/v1/admin/agencies/CENTRAL/keys/" + demoKeyId).statusCode(), "a key of another agency");
    HttpResponse<Buffer> bad = admin.post("/v1/admin/agencies/DEMO/keys", new JsonObject().put("label", 42));
    assertEquals(400, bad.statusCode());
    assertEquals("label", AdminClient.field(bad));
    assertEquals("bad-request", type(bad));
  }
}
