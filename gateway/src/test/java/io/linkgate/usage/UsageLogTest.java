package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage log end to end: shipped rows, the chain check, key rotation, partitions, the search API. */
class UsageLogTest {

  static final String CITIZEN = "3101700001098";
  static final String K1 = Base64.getEncoder().encodeToString("k1-k1-k1-k1-k1-k1-k1-k1-k1-k1-k1".getBytes(StandardCharsets.US_ASCII));
  static final String K2 = Base64.getEncoder().encodeToString("k2-k2-k2-k2-k2-k2-k2-k2-k2-k2-k2".getBytes(StandardCharsets.US_ASCII));

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
  RunningGateway running;
  String url;

  RunningGateway start(String keys, String active) throws Exception {
    return start(keys, active, Map.of());
  }

  RunningGateway start(String keys, String active, Map<String, String> more) throws Exception {
    Map<String, String> extra = new HashMap<>(Map.of("privacy.hmacKey", TestGateway.SHARED_HMAC_KEY,
        "privacy.encryptionKeys", keys, "privacy.activeKeyId", active, "session.idleTimeout", "12h", "session.maxLifetime", "1d"));
    extra.putAll(more);
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "limits:\n  sessionBurst: 1000\n  sessionRate: 1000\n  officerDaily: 100000\n");
    if (url == null) {
      url = TestDatabase.newDatabaseUrl();
    }
    running = RunningGateway.demo(dir, file, extra, clock, url);
    return running;
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  List<String> lookups(String token, int n) {
    Lookups lookups = new Lookups(running.api());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpResponse<Buffer> r = i % 3 == 2 ? lookups.person(token, "3101700001099") : lookups.person(token, CITIZEN);
      ids.add(r.getHeader("X-Usage-Id"));
    }
    running.gateway().usageWritten().await();
    return ids;
  }

  void sql(String statement) throws Exception {
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  long count(String query) throws Exception {
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  record Verify(int exit, String out) {
  }

  Verify verify(String month) {
    return verify(url, month);
  }

  /** {@code usage verify} of {@code month} on the database at {@code dbUrl}, with the test gateways' keys. */
  Verify verify(String dbUrl, String month) {
    return verify(dbUrl, month, TestGateway.SHARED_HMAC_KEY);
  }

  /** {@code usage verify} of {@code month} finds it tampered with (exit 3) and names each of {@code findings}. */
  void assertTampered(String month, String... findings) {
    Verify v = verify(month);
    assertEquals(3, v.exit(), v.out());
    for (String finding : findings) {
      assertTrue(v.out().contains(finding), v.out());
    }
  }

  Verify verify(String dbUrl, String month, String hmacKey) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = io.linkgate.MainAccess.run(new String[] {"usage", "verify", "--month", month, "--db-url", dbUrl, "--data-dir", dir.toString()},
        Map.of("LINKGATE_PRIVACY_HMAC_KEY", hmacKey, "LINKGATE_PRIVACY_ENCRYPTION_KEYS", "k1:" + K1,
            "LINKGATE_PRIVACY_ACTIVE_KEY_ID", "k1", "LINKGATE_LOG_FORMAT", "text", "LINKGATE_LOG_LEVEL", "ERROR"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Verify(exit, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void should_ship_every_record_once_with_an_intact_chain_and_find_tampering() throws Exception {
    start("k1:" + K1, "k1");
    String token = Lookups.login(running, "officer");
    List<String> ids = lookups(token, 30);
    for (String id : ids) {
      assertEquals(1, count("SELECT count(*) FROM usage_log WHERE id = '" + id + "'"));
    }
    assertEquals(0, count("SELECT count(*) FROM usage_log WHERE target_enc IS NOT NULL AND encode(target_enc, 'escape') LIKE '%" + CITIZEN + "%'"));
    Verify intact = verify("2026-11");
    assertEquals(0, intact.exit(), intact.out());
    assertTrue(intact.out().contains("30 records in 1 chain(s): intact"), intact.out());
    Verify empty = verify("2026-10");
    assertEquals(4, empty.exit(), "a month without records is not reported intact: " + empty.out());
    assertTrue(empty.out().contains("no records"), empty.out());

    sql("UPDATE usage_log SET status = 200, outcome = 'SERVED' WHERE id = '" + ids.get(2) + "'");
    sql("DELETE FROM usage_log WHERE id = '" + ids.get(10) + "'");
    sql("INSERT INTO usage_log (id, at, instance_id, seq, outcome, status, latency_us, prev_hash, hash) "
        + "SELECT gen_random_uuid(), at, instance_id, seq, 'SERVED', 200, 1, prev_hash, hash FROM usage_log WHERE id = '" + ids.get(20) + "'");
    Verify tampered = verify("2026-11");
    assertEquals(3, tampered.exit(), tampered.out());
    assertTrue(tampered.out().contains("ALTERED") && tampered.out().contains(ids.get(2)), tampered.out());
    assertTrue(tampered.out().contains("DELETED") && tampered.out().contains(ids.get(11)), tampered.out());
    assertTrue(tampered.out().contains("INSERTED"), tampered.out());
  }

  @Test
  void should_leave_a_database_whose_schema_is_older_than_the_verifier_unchanged() throws Exception {
    String fresh = TestDatabase.newDatabaseUrl(); // no migrations applied: as a database of an older gateway version
    Verify refused = verify(fresh, "2026-11");
    assertEquals(2, refused.exit(), refused.out());
    assertTrue(refused.out().contains("migration"), refused.out());
    try (Connection c = TestDatabase.connect(fresh); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
      rs.next();
      assertEquals(0, rs.getInt(1), "the audit tool migrated nothing");
    }
  }

  @Test
  void should_exit_two_with_invalid_configuration_when_verifying_with_another_hmac_key() throws Exception {
    start("k1:" + K1, "k1");
    lookups(Lookups.login(running, "officer"), 3);
    running.close();
    running = null;
    String other = Base64.getEncoder().encodeToString("another-hmac-key-another-hmac-key".getBytes(StandardCharsets.US_ASCII));

    Verify refused = verify(url, "2026-11", other);

    assertEquals(2, refused.exit(), refused.out());
    assertTrue(refused.out().contains("invalid configuration: privacy.hmacKey"), refused.out());
  }

  /**
   * A data directory restored from a backup starts under its instance id with a seq behind what PostgreSQL holds of
   * that instance: it stops at start-up instead of numbering new records with seq numbers the chain has already (which
   * usage verify reported as tampering), says whether the journal holds records PostgreSQL lacks, and once the journal
   * is moved aside as the message says, the gateway starts on a new one and the month verifies intact.
   */
  @Test
  void should_refuse_to_start_when_the_journal_is_restored_from_behind_the_database_and_start_on_a_new_one() throws Exception {
    start("k1:" + K1, "k1");
    String instance = running.gateway().journal().instanceId();
    lookups(Lookups.login(running, "officer"), 3);
    running.close();
    running = null;
    Path journal = dir.resolve("journal");
    Path backup = dir.resolve("backup");
    copyTree(journal, backup);
    long backedUp = count("SELECT max(seq) FROM usage_log WHERE instance_id = '" + instance + "'");
    start("k1:" + K1, "k1");
    lookups(Lookups.login(running, "officer"), 4);
    running.close();
    running = null;
    long held = count("SELECT max(seq) FROM usage_log WHERE instance_id = '" + instance + "'");
    long rows = count("SELECT count(*) FROM usage_log");
    deleteTree(journal);
    copyTree(backup, journal); // the backup restored

    JournalCheck.Behind stale = assertThrows(JournalCheck.Behind.class, () -> start("k1:" + K1, "k1"));

    assertTrue(stale.getMessage().contains("PostgreSQL holds the records of its instance " + instance + " up to seq " + held
        + ", the journal's last record is seq " + backedUp + "."), stale.getMessage());
    assertTrue(stale.getMessage().contains("Its records are all in PostgreSQL already"), stale.getMessage());
    assertTrue(stale.getMessage().contains("move " + journal.toAbsolutePath() + " aside"), stale.getMessage());
    assertEquals(rows, count("SELECT count(*) FROM usage_log"), "the refused start wrote nothing");

    // the restored copy then wrote a record of its own (as a second copy running at once would have): not in PostgreSQL
    try (Journal copy = Journal.open(journal, 64 * 1024, 1 << 20, new Chain(Base64.getDecoder().decode(TestGateway.SHARED_HMAC_KEY)))) {
      copy.append(JournalTest.record(), null).await();
    }
    JournalCheck.Behind diverged = assertThrows(JournalCheck.Behind.class, () -> start("k1:" + K1, "k1"));
    assertTrue(diverged.getMessage().contains("the journal's last record is seq " + (backedUp + 1) + "."), diverged.getMessage());
    assertTrue(diverged.getMessage().contains("may hold records found nowhere else (1 not yet shipped by its own count)"),
        diverged.getMessage());

    Files.move(journal, dir.resolve("journal.restored"));
    start("k1:" + K1, "k1");
    assertFalse(instance.equals(running.gateway().journal().instanceId()), "a new journal, a new instance id");
    lookups(Lookups.login(running, "officer"), 2);
    Verify intact = verify("2026-11");
    assertEquals(0, intact.exit(), intact.out());
    assertTrue(intact.out().contains((rows + 2) + " records in 2 chain(s): intact"), intact.out());
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (java.util.stream.Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(from.relativize(f).toString()));
      }
    }
  }

  static void deleteTree(Path dir) throws Exception {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
    }
  }

  @Test
  void should_gather_a_trickle_of_records_into_few_inserts_while_lingering() throws Exception {
    start("k1:" + K1, "k1", Map.of("usage.shipLinger", "2s"));
    String token = Lookups.login(running, "officer");
    List<String> ids = lookups(token, 12); // one after another: each its own group commit
    assertEquals(12, count("SELECT count(*) FROM usage_log WHERE officer_id IS NOT NULL"));
    // rows inserted by one transaction share its xmin: without the linger, each group commit is its own insert
    long inserts = count("SELECT count(DISTINCT xmin::text) FROM usage_log WHERE officer_id IS NOT NULL");
    assertTrue(inserts <= 3, inserts + " inserts for 12 records");
    assertEquals(0, verify("2026-11").exit());
  }

  @Test
  void should_encrypt_new_records_with_the_new_key_and_still_decrypt_the_old_ones() throws Exception {
    start("k1:" + K1, "k1");
    lookups(Lookups.login(running, "officer"), 2);
    running.close();
    start("k1:" + K1 + ",k2:" + K2, "k2");
    lookups(Lookups.login(running, "officer"), 2);
    assertEquals(1, count("SELECT count(DISTINCT target_key) FROM usage_log WHERE target_key = 'k1'"));
    assertEquals(1, count("SELECT count(DISTINCT target_key) FROM usage_log WHERE target_key = 'k2'"));
    String auditor = Lookups.login(running, "auditor");
    JsonObject page = running.api().get("/v1/usage?from=2026-11-01&citizen=" + CITIZEN).bearerTokenAuthentication(auditor).send().await().bodyAsJsonObject();
    JsonArray items = page.getJsonArray("items");
    assertEquals(4, items.size(), page.encode()); // two lookups of CITIZEN in each run
    for (Object o : items) {
      assertEquals(CITIZEN, ((JsonObject) o).getString("citizenId"));
    }
  }

  @Test
  void should_answer_the_search_with_the_unreadable_citizen_id_flagged_when_one_record_cannot_be_decrypted() throws Exception {
    start("k1:" + K1, "k1");
    List<String> ids = lookups(Lookups.login(running, "officer"), 2); // both of CITIZEN
    sql("UPDATE usage_log SET target_key = 'k0' WHERE id = '" + ids.get(1) + "'");
    String auditor = Lookups.login(running, "auditor");
    HttpResponse<Buffer> r = running.api().get("/v1/usage?from=2026-11-01").bearerTokenAuthentication(auditor).timeout(10_000).send().await();
    assertEquals(200, r.statusCode(), r.bodyAsString());
    int flagged = 0;
    for (Object o : r.bodyAsJsonObject().getJsonArray("items")) {
      JsonObject item = (JsonObject) o;
      if (ids.get(1).equals(item.getString("id"))) {
        assertTrue(item.getBoolean("citizenIdUnreadable"), item.encode());
        assertTrue(item.containsKey("citizenId") && item.getValue("citizenId") == null, item.encode());
        flagged++;
      } else if (ids.contains(item.getString("id"))) {
        assertNotNull(item.getString("citizenId"), item.encode());
        assertFalse(item.containsKey("citizenIdUnreadable"), item.encode());
      }
    }
    assertEquals(1, flagged);
  }

  @Test
  void should_write_shipped_records_as_json_lines_without_citizen_ids() throws Exception {
    Path sink = dir.resolve("usage.jsonl");
    Files.writeString(dir.resolve("gateway.yaml"), "");
    url = TestDatabase.newDatabaseUrl();
    running = RunningGateway.demo(dir, null, Map.of("usage.sink", "file", "usage.sinkFile", sink.toString(),
        "limits.sessionBurst", "1000"), clock, url);
    List<String> ids = lookups(Lookups.login(running, "officer"), 3);
    List<String> lines = Files.readAllLines(sink);
    assertEquals(3, lines.size());
    for (int i = 0; i < 3; i++) {
      JsonObject line = new JsonObject(lines.get(i));
      assertEquals(ids.get(i), line.getString("id"));
      assertEquals(i + 1, line.getLong("seq"));
      assertFalse(lines.get(i).contains(CITIZEN));
      assertFalse(line.containsKey("targetEnc"), "the sink carries no ciphertext either");
    }
  }

  @Test
  void should_put_records_in_the_bangkok_month_and_create_and_drop_partitions_with_their_refused_logins_and_sessions() throws Exception {
    clock.set(Instant.parse("2026-11-30T17:30:00Z")); // 1 December, 00:30 in Bangkok
    start("k1:" + K1, "k1");
    List<String> ids = lookups(Lookups.login(running, "officer"), 1);
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT tableoid::regclass::text FROM usage_log WHERE id = '" + ids.get(0) + "'")) {
      rs.next();
      assertEquals("usage_log_2026_12", rs.getString(1));
    }
    for (String month : List.of("usage_log_2026_12", "usage_log_2027_01", "usage_log_2027_02", "usage_log_2027_03")) {
      assertEquals(1, count("SELECT count(*) FROM pg_class WHERE relname = '" + month + "'"), month);
    }
    sql("CREATE TABLE usage_log_2021_01 PARTITION OF usage_log FOR VALUES FROM ('2021-01-01 00:00+07') TO ('2021-02-01 00:00+07')");
    // refused logins go with their months: 60 months back from December 2026 (Bangkok) keeps December 2021 on
    sql("INSERT INTO login_failure (id, at, agency_code, reason) VALUES (gen_random_uuid(), '2021-11-30 23:59:59+07', 'DEMO', 'retention-test'), "
        + "(gen_random_uuid(), '2021-12-01 00:00:00+07', 'DEMO', 'retention-test')");
    // and the sessions those months' records name: those whose lifetime ended by November 2021 go; one of December, and
    // one opened in November whose lifetime reached into December, stay
    sql("INSERT INTO card_session (id, token_hash, officer_id, agency_code, device_id, chip_id, card_expiry, created_at, "
        + "last_seen_at, expires_at, ended_at, end_reason) SELECT gen_random_uuid(), sha256(('retention-' || n)::bytea), "
        + "officer_id, agency_code, device_id, chip_id, card_expiry, t, t, t + interval '10 hours', t + interval '1 hour', 'LOGOUT' "
        + "FROM (SELECT * FROM card_session LIMIT 1) s, "
        + "(VALUES (1, timestamptz '2021-11-30 12:00+07'), (2, timestamptz '2021-12-01 00:00+07'), "
        + "(3, timestamptz '2021-11-30 20:00+07'), (4, timestamptz '2021-11-01 08:00+07'), (5, timestamptz '2021-10-15 08:00+07'), "
        + "(6, timestamptz '2021-06-01 08:00+07')) v(n, t)");
    io.vertx.sqlclient.Pool pool = running.gateway().database().pool(running.gateway().vertx());
    try {
      new UsagePartitions(pool, clock, 3, 60, new Chain(Base64.getDecoder().decode(TestGateway.SHARED_HMAC_KEY)), 2).maintain().await(); // 4 sessions to delete, 2 at a time
    } finally {
      pool.close().await();
    }
    assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'usage_log_2021_01'"), "past retention: dropped");
    assertEquals(1, count("SELECT count(*) FROM login_failure WHERE reason = 'retention-test' AND at = '2021-12-01 00:00:00+07'"));
    assertEquals(1, count("SELECT count(*) FROM login_failure WHERE reason = 'retention-test'"), "November 2021's refused logins went");
    assertEquals(1, count("SELECT count(*) FROM pg_class WHERE relname = 'usage_log_2026_12'"));
    assertEquals(2, count("SELECT count(*) FROM card_session WHERE created_at < '2022-01-01'"), "the sessions before December 2021 went");
    assertEquals(1, count("SELECT count(*) FROM card_session WHERE created_at = '2021-12-01 00:00+07'"));
    assertEquals(1, count("SELECT count(*) FROM card_session WHERE created_at = '2021-11-30 20:00+07'"), "its lifetime reached December");
    assertEquals(1, count("SELECT count(*) FROM card_session WHERE created_at > '2026-01-01' AND ended_at IS NULL"), "the live one stays");
  }

  @Test
  void should_show_each_role_its_part_of_the_log_page_by_page_and_audit_the_searches() throws Exception {
    start("k1:" + K1, "k1");
    lookups(Lookups.login(running, "officer"), 12);
    String auditor = Lookups.login(running, "auditor");
    HttpResponse<Buffer> first = running.api().get("/v1/usage?from=2026-11-01&limit=5").bearerTokenAuthentication(auditor).send().await();
    assertEquals(200, first.statusCode(), first.bodyAsString());
    JsonObject page1 = first.bodyAsJsonObject();
    assertEquals(5, page1.getJsonArray("items").size());
    assertNotNull(page1.getString("nextCursor"));
    JsonObject page2 = running.api().get("/v1/usage?from=2026-11-01&limit=5&cursor=" + page1.getString("nextCursor"))
        .bearerTokenAuthentication(auditor).send().await().bodyAsJsonObject();
    assertFalse(page2.getJsonArray("items").getJsonObject(0).getString("id").equals(page1.getJsonArray("items").getJsonObject(4).getString("id")));
    assertEquals(4, running.api().get("/v1/usage?from=2026-11-01&outcome=REFUSED").bearerTokenAuthentication(auditor).send().await()
        .bodyAsJsonObject().getJsonArray("items").size());

    String head = Lookups.login(running, "head");
    JsonObject headPage = running.api().get("/v1/usage?from=2026-11-01").bearerTokenAuthentication(head).send().await().bodyAsJsonObject();
    assertEquals(12, headPage.getJsonArray("items").size());
    assertNull(headPage.getJsonArray("items").getJsonObject(0).getString("citizenId"), "only ICT auditors see citizen IDs");
    assertEquals(403, running.api().get("/v1/usage?agency=OTHER").bearerTokenAuthentication(head).send().await().statusCode());

    String supervisor = Lookups.login(running, "service-supervisor");
    assertEquals(12, running.api().get("/v1/usage?from=2026-11-01&service=NC-CIVILREG").bearerTokenAuthentication(supervisor).send().await()
        .bodyAsJsonObject().getJsonArray("items").size());
    String officer = Lookups.login(running, "officer");
    assertEquals(403, running.api().get("/v1/usage").bearerTokenAuthentication(officer).send().await().statusCode());
    JsonObject badCitizen = running.api().get("/v1/usage?citizen=123").bearerTokenAuthentication(auditor).send().await().bodyAsJsonObject();
    assertEquals(400, badCitizen.getInteger("status"));
    assertEquals("citizen", badCitizen.getString("field"));
    assertTrue(badCitizen.getString("detail").startsWith("Parameter 'citizen' "), badCitizen.encode());
    JsonObject badCursor = running.api().get("/v1/usage?cursor=garbage").bearerTokenAuthentication(auditor).send().await().bodyAsJsonObject();
    assertEquals("cursor", badCursor.getString("field"));
    assertEquals("Parameter 'cursor' is not one this API gave out.", badCursor.getString("detail"), "the detail names the parameter");
    JsonObject tooLong = running.api().get("/v1/usage?from=2024-01-01&to=2026-01-01").bearerTokenAuthentication(auditor).send().await()
        .bodyAsJsonObject();
    assertEquals("from", tooLong.getString("field"));
    assertEquals("Parameters 'from' and 'to' may span at most a year.", tooLong.getString("detail"));
    // years Instant.parse takes but no timestamp column holds, in the period and in a forged cursor
    assertEquals("to", running.api().get("/v1/usage?to=-1000000000-01-01T00:00:00Z").bearerTokenAuthentication(auditor).send().await()
        .bodyAsJsonObject().getString("field"));
    assertEquals("from", running.api().get("/v1/usage?from=%2B300000-01-01T00:00:00Z").bearerTokenAuthentication(auditor).send().await()
        .bodyAsJsonObject().getString("field"));
    String farCursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("+300000-01-01T00:00:00Z|" + java.util.UUID.randomUUID() + "|2026-11-01T00:00:00Z|2026-11-02T00:00:00Z")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("cursor", running.api().get("/v1/usage?cursor=" + farCursor).bearerTokenAuthentication(auditor).send().await()
        .bodyAsJsonObject().getString("field"));
    assertTrue(count("SELECT count(*) FROM admin_audit WHERE action = 'usage.search'") >= 4);
    assertEquals(0, count("SELECT count(*) FROM admin_audit WHERE detail::text LIKE '%" + CITIZEN + "%'"));
  }

  @Test
  void should_page_through_the_first_pages_period_when_from_is_left_out_and_time_moves_on() throws Exception {
    start("k1:" + K1, "k1");
    Instant t0 = clock.instant().minus(java.time.Duration.ofHours(23).plusMinutes(59));
    List<java.util.UUID> ids = chain("paging", List.of(t0, t0.plus(java.time.Duration.ofHours(23).plusMinutes(58))));
    String auditor = Lookups.login(running, "auditor");
    JsonObject page1 = running.api().get("/v1/usage?limit=1").bearerTokenAuthentication(auditor).send().await().bodyAsJsonObject();
    assertEquals(ids.get(1).toString(), page1.getJsonArray("items").getJsonObject(0).getString("id"), page1.encode());
    clock.advance(java.time.Duration.ofMinutes(5)); // now - 1 day has passed t0
    HttpResponse<Buffer> second = running.api().get("/v1/usage?limit=1&cursor=" + page1.getString("nextCursor"))
        .bearerTokenAuthentication(auditor).send().await();
    assertEquals(200, second.statusCode(), second.bodyAsString());
    JsonArray items = second.bodyAsJsonObject().getJsonArray("items");
    assertEquals(1, items.size(), second.bodyAsString());
    assertEquals(ids.get(0).toString(), items.getJsonObject(0).getString("id"));
    // the cursor belongs to its period: another one with it is refused
    HttpResponse<Buffer> other = running.api().get("/v1/usage?from=2026-10-01&cursor=" + page1.getString("nextCursor"))
        .bearerTokenAuthentication(auditor).send().await();
    assertEquals(400, other.statusCode(), other.bodyAsString());
    assertEquals("cursor", other.bodyAsJsonObject().getString("field"));
    assertTrue(other.bodyAsJsonObject().getString("detail").startsWith("Parameter 'cursor' belongs to a search of another period"),
        other.bodyAsString());
  }

  @Test
  void should_let_each_reader_pick_by_name_only_the_officers_whose_records_they_may_read() throws Exception {
    start("k1:" + K1, "k1");
    String auditor = Lookups.login(running, "auditor");
    JsonArray byThai = officers(auditor, "ธีรวัฒน์", 200);
    assertEquals(1, byThai.size(), byThai.encode());
    JsonObject teerawat = byThai.getJsonObject(0);
    assertEquals("DEMO", teerawat.getString("agency"));
    assertEquals("Mr. Teerawat Thongdee", teerawat.getString("nameEn"));
    assertEquals(Set.of("id", "agency", "nameTh", "nameEn", "active"), teerawat.fieldNames(), "ids and names only");
    assertEquals(teerawat.getString("id"), officers(auditor, "thongDEE", 200).getJsonObject(0).getString("id"), "English, any case");
    assertEquals(8, officers(auditor, "", 200).size(), "an ICT auditor sees every officer");
    assertEquals(0, officers(auditor, "%", 200).size(), "LIKE wildcards are matched literally");

    String head = Lookups.login(running, "head");
    assertEquals(4, officers(head, "", 200).size(), "a head of agency sees the agency's officers");
    assertEquals(0, officers(head, "ศิริพร", 200).size(), "not the central unit's");
    String supervisor = Lookups.login(running, "service-supervisor");
    assertEquals(Set.of("นางสาวกมลชนก ศรีสุข", "นายธีรวัฒน์ ทองดี", "นางสาวศิริพร ชัยมงคล"), officers(supervisor, "", 200).stream()
        .map(o -> ((JsonObject) o).getString("nameTh")).collect(java.util.stream.Collectors.toSet()), "a supervisor: officers of the services overseen");

    officers(Lookups.login(running, "officer"), "", 403);
    officers(auditor, "x".repeat(101), 400);
  }

  @Test
  void should_refuse_the_usage_log_to_a_supervisor_who_oversees_no_service() throws Exception {
    start("k1:" + K1, "k1");
    String admin = Lookups.login(running, "admin");
    String supervisorId = io.linkgate.registry.DemoData.officerId(io.linkgate.registry.DemoData.OFFICERS.stream()
        .filter(o -> o.profile().equals("service-supervisor")).findFirst().orElseThrow()).toString();
    HttpResponse<Buffer> emptied = running.api().patch("/v1/admin/officers/" + supervisorId).bearerTokenAuthentication(admin)
        .sendJsonObject(new JsonObject().put("services", new JsonArray())).await();
    assertEquals(200, emptied.statusCode(), emptied.bodyAsString());
    lookups(Lookups.login(running, "officer"), 2);
    String supervisor = Lookups.login(running, "service-supervisor");
    for (String path : List.of("/v1/usage", "/v1/usage/officers", "/v1/usage/stream")) {
      HttpResponse<Buffer> r = running.api().get(path).bearerTokenAuthentication(supervisor).send().await();
      assertEquals(403, r.statusCode(), path + ": " + r.bodyAsString());
      assertEquals("urn:linkgate:problem:usage-access-denied", r.bodyAsJsonObject().getString("type"), path);
    }
    // the refused search is on the audit trail (who tried to read what), without the citizen asked about
    HttpResponse<Buffer> refused = running.api().get("/v1/usage?service=NC-CIVILREG&citizen=" + CITIZEN)
        .bearerTokenAuthentication(supervisor).send().await();
    assertEquals(403, refused.statusCode());
    assertEquals(2, count("SELECT count(*) FROM admin_audit WHERE action = 'usage.search.refused' AND actor = '" + supervisorId + "'"),
        "the plain refusal above and this one");
    assertEquals(1, count("SELECT count(*) FROM admin_audit WHERE action = 'usage.search.refused' AND detail->>'service' = 'NC-CIVILREG'"));
    assertEquals(0, count("SELECT count(*) FROM admin_audit WHERE detail::text LIKE '%" + CITIZEN + "%'"));
  }

  /**
   * Writes a chain of records for {@code instance} straight into the table, each linked as the journal links
   * them (the test gateway's HMAC key), with the given times in seq order, each shipped when it was made; returns their ids.
   */
  List<java.util.UUID> chain(String instance, List<Instant> times) throws Exception {
    return chain(instance, times, null);
  }

  /** As {@link #chain(String, List)}, every record reaching the table at {@code shippedAt} (null: at its own time). */
  List<java.util.UUID> chain(String instance, List<Instant> times, Instant shippedAt) throws Exception {
    Chain chain = new Chain(Base64.getDecoder().decode(TestGateway.SHARED_HMAC_KEY));
    List<java.util.UUID> ids = new ArrayList<>();
    byte[] prev = Chain.GENESIS;
    try (Connection c = TestDatabase.connect(url); java.sql.PreparedStatement insert = c.prepareStatement(
        "INSERT INTO usage_log (id, at, instance_id, seq, outcome, status, latency_us, prev_hash, hash, shipped_at) "
            + "VALUES (?, ?, ?, ?, 'SERVED', 200, 1, ?, ?, ?)")) {
      long seq = 1;
      for (Instant at : times) {
        java.util.UUID id = Uuid7.at(at.toEpochMilli());
        LoggedRecord r = chain.link(new SealedRecord(id, at, null, null, null, null, null, null, null, null, null, "SERVED", 200,
            null, 1, null, null, null, null, null), instance, seq, prev);
        insert.setObject(1, id);
        insert.setObject(2, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
        insert.setString(3, instance);
        insert.setLong(4, seq++);
        insert.setBytes(5, prev);
        insert.setBytes(6, r.hash());
        insert.setObject(7, java.time.OffsetDateTime.ofInstant(shippedAt == null ? at : shippedAt, java.time.ZoneOffset.UTC));
        insert.addBatch();
        prev = r.hash();
        ids.add(id);
      }
      insert.executeBatch();
    }
    return ids;
  }

  /**
   * Instances started together (a compose scale-up, a rolling restart) each run partition maintenance at start-up, and
   * a failure there stops the start: two drops of one month past retention deadlocked or met the table the other had
   * just dropped, two creates of one new month could collide. Each round here gives both a month to create and months
   * to drop at once.
   */
  @Test
  void should_let_two_instances_create_and_drop_the_same_partitions_at_the_same_time() throws Exception {
    start("k1:" + K1, "k1");
    Chain chain = new Chain(Base64.getDecoder().decode(TestGateway.SHARED_HMAC_KEY));
    io.vertx.sqlclient.Pool first = running.gateway().database().pool(running.gateway().vertx());
    io.vertx.sqlclient.Pool second = running.gateway().database().pool(running.gateway().vertx());
    try {
      for (int round = 0; round < 8; round++) {
        sql("DROP TABLE usage_log_2027_02"); // the last month ahead: both create it
        for (int month = 1; month <= 6; month++) {
          sql("CREATE TABLE usage_log_2020_0" + month + " PARTITION OF usage_log FOR VALUES FROM ('2020-0" + month
              + "-01 00:00+07') TO ('2020-0" + (month + 1) + "-01 00:00+07')");
        }
        io.vertx.core.Future<Void> a = new UsagePartitions(first, clock, 3, 12, chain).maintain();
        io.vertx.core.Future<Void> b = new UsagePartitions(second, clock, 3, 12, chain).maintain();
        io.vertx.core.Future.join(a, b).otherwiseEmpty().await();
        assertTrue(a.succeeded() && b.succeeded(), "round " + round + ": " + a.cause() + " / " + b.cause());
        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname LIKE 'usage_log_2020%'"));
        assertEquals(1, count("SELECT count(*) FROM pg_class WHERE relname = 'usage_log_2027_02'"));
      }
    } finally {
      first.close().await();
      second.close().await();
    }
  }

  /** Retention's drop of the months before {@code oldestKept}, as the gateway runs it (with the test gateways' key). */
  void dropBefore(java.time.YearMonth oldestKept) {
    io.vertx.sqlclient.Pool pool = running.gateway().database().pool(running.gateway().vertx());
    try {
      new UsagePartitions(pool, clock, 3, 1, new Chain(Base64.getDecoder().decode(TestGateway.SHARED_HMAC_KEY)))
          .dropBefore(oldestKept).await();
    } finally {
      pool.close().await();
    }
  }

  @Test
  void should_find_a_chain_intact_when_a_slow_lookup_of_one_month_is_logged_after_a_quick_one_of_the_next() throws Exception {
    start("k1:" + K1, "k1");
    // seq follows the journal's write order; "at" is when the lookup arrived: at midnight in Bangkok a slow
    // lookup of 30 November can be written after a quick one of 1 December
    chain("boundary", List.of(Instant.parse("2026-11-30T16:59:58Z"), Instant.parse("2026-11-30T17:00:00.500Z"),
        Instant.parse("2026-11-30T16:59:59.900Z"), Instant.parse("2026-11-30T17:00:02Z")));
    Verify november = verify("2026-11");
    assertEquals(0, november.exit(), november.out());
    Verify december = verify("2026-12");
    assertEquals(0, december.exit(), december.out());

    sql("DELETE FROM usage_log WHERE instance_id = 'boundary' AND seq = 3");
    assertTampered("2026-11", "DELETED instance boundary seq 3");
  }

  @Test
  void should_find_an_instances_month_deleted_whole_while_the_other_instance_keeps_its_records() throws Exception {
    start("k1:" + K1, "k1");
    // two instances behind the load balancer; an officer's session is served by one of them
    List<Instant> times = List.of(Instant.parse("2026-11-20T03:00:00Z"), Instant.parse("2026-12-10T03:00:00Z"),
        Instant.parse("2026-12-11T03:00:00Z"), Instant.parse("2027-01-05T03:00:00Z"));
    chain("first", times);
    chain("second", times);
    Verify intact = verify("2026-12");
    assertEquals(0, intact.exit(), intact.out());

    sql("DELETE FROM usage_log WHERE instance_id = 'second' AND at >= '2026-12-01 00:00+07' AND at < '2027-01-01 00:00+07'");
    assertTampered("2026-12", "DELETED instance second seq 2");

    sql("DELETE FROM usage_log WHERE at >= '2026-12-01 00:00+07' AND at < '2027-01-01 00:00+07'");
    Verify all = verify("2026-12");
    assertEquals(3, all.exit(), "a month emptied while its chains run across it is tampered with, not 'no records': " + all.out());
    assertTrue(all.out().contains("DELETED instance first seq 2"), all.out());
  }

  @Test
  void should_follow_a_chain_on_from_where_retention_dropped_its_oldest_month_and_still_find_deletions() throws Exception {
    start("k1:" + K1, "k1");
    // seq 3 is a slow lookup of 30 November logged after a quick one of 1 December (Bangkok): retention drops it with November
    chain("kept", List.of(Instant.parse("2026-11-20T03:00:00Z"), Instant.parse("2026-11-30T17:00:00.500Z"),
        Instant.parse("2026-11-30T16:59:59.900Z"), Instant.parse("2026-12-10T03:00:00Z"), Instant.parse("2026-12-11T03:00:00Z")));
    assertEquals(0, verify("2026-12").exit());
    dropBefore(java.time.YearMonth.of(2026, 12));
    assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'usage_log_2026_11'"), "November dropped");

    Verify afterRetention = verify("2026-12");
    assertEquals(0, afterRetention.exit(), "records dropped by retention are not deleted ones: " + afterRetention.out());
    assertTrue(afterRetention.out().contains("3 records in 1 chain(s): intact"), afterRetention.out());

    // a mark moved on without the key does not cover a deletion
    sql("UPDATE usage_chain_retained SET seq = 4 WHERE instance_id = 'kept'");
    sql("DELETE FROM usage_log WHERE instance_id = 'kept' AND seq = 4");
    assertTampered("2026-12", "ALTERED instance kept seq 4", "DELETED instance kept seq 3");
  }

  /**
   * A gateway whose clock was set back stamps its lookups with a month long past: retention dropped such records, written
   * days ago, within six hours, and moved the chain's retention mark past the months kept. Their month is kept until
   * they are past retention themselves; the months around it go as before.
   */
  @Test
  void should_keep_a_month_past_retention_while_it_holds_records_that_reached_the_log_recently() throws Exception {
    start("k1:" + K1, "k1");
    sql("CREATE TABLE usage_log_2026_10 PARTITION OF usage_log FOR VALUES FROM ('2026-10-01 00:00+07') TO ('2026-11-01 00:00+07')");
    chain("normal", List.of(Instant.parse("2026-10-20T03:00:00Z"), Instant.parse("2026-11-20T03:00:00Z"), Instant.parse("2026-12-10T03:00:00Z")));
    // written on 5 December 2026 by an instance whose clock read October 2026
    chain("behind", List.of(Instant.parse("2026-10-21T03:00:00Z"), Instant.parse("2026-10-21T03:00:01Z")),
        Instant.parse("2026-12-05T03:00:00Z"));
    sql("INSERT INTO usage_monthly (month, agency_code, officer_id, service_code, dataset, outcome, problem, requests, cache_hits, "
        + "without_ref) VALUES ('2026-10', 'RETENTION', '00000000-0000-0000-0000-000000000000', 'S', 'linkage.person', 'SERVED', '', 1, 0, 0), "
        + "('2026-11', 'RETENTION', '00000000-0000-0000-0000-000000000000', 'S', 'linkage.person', 'SERVED', '', 1, 0, 0)");
    dropBefore(java.time.YearMonth.of(2026, 12));
    assertEquals(1, count("SELECT count(*) FROM pg_class WHERE relname = 'usage_log_2026_10'"), "October holds records of 5 December");
    assertEquals(3, count("SELECT count(*) FROM usage_log_2026_10"), "none of October's records went");
    assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'usage_log_2026_11'"), "November went as before");
    assertEquals(1, count("SELECT count(*) FROM usage_monthly WHERE agency_code = 'RETENTION'"), "October's roll-up stays with it");
    assertEquals(1, count("SELECT count(*) FROM usage_monthly WHERE agency_code = 'RETENTION' AND month = '2026-10'"));
    assertEquals(0, count("SELECT count(*) FROM usage_chain_retained WHERE instance_id = 'behind'"), "no mark past records kept");

    // a month after their own month ended plus the retention period, they go too (retention counted from the cut-off)
    dropBefore(java.time.YearMonth.of(2027, 1));
    assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'usage_log_2026_10'"), "past retention themselves: dropped");
    assertEquals(0, count("SELECT count(*) FROM usage_monthly WHERE agency_code = 'RETENTION'"));
  }

  @Test
  void should_not_let_a_record_forged_into_a_month_past_retention_cover_deletions_in_the_months_kept() throws Exception {
    start("k1:" + K1, "k1");
    chain("kept", List.of(Instant.parse("2026-11-20T03:00:00Z"), Instant.parse("2026-12-10T03:00:00Z"),
        Instant.parse("2026-12-11T03:00:00Z"), Instant.parse("2026-12-12T03:00:00Z")));
    // written without the key into the month retention drops next: a seq far ahead of the chain
    sql("INSERT INTO usage_log (id, at, instance_id, seq, outcome, status, latency_us, prev_hash, hash) VALUES "
        + "(gen_random_uuid(), '2026-11-21 10:00+07', 'kept', 1000000, 'SERVED', 200, 1, decode(repeat('00', 32), 'hex'), "
        + "decode(repeat('11', 32), 'hex'))");
    dropBefore(java.time.YearMonth.of(2026, 12));
    assertEquals(0, count("SELECT count(*) FROM usage_chain_retained WHERE seq = 1000000"), "no mark sealed over the forged record");

    sql("DELETE FROM usage_log WHERE instance_id = 'kept' AND seq = 3");
    assertTampered("2026-12", "DELETED instance kept seq 3");
  }

  @Test
  void should_find_an_instances_month_deleted_whole_when_retention_dropped_the_month_before() throws Exception {
    start("k1:" + K1, "k1");
    List<Instant> times = List.of(Instant.parse("2026-11-20T03:00:00Z"), Instant.parse("2026-12-10T03:00:00Z"),
        Instant.parse("2026-12-11T03:00:00Z"), Instant.parse("2027-01-05T03:00:00Z"));
    chain("kept", times);
    chain("other", times);
    dropBefore(java.time.YearMonth.of(2026, 12));
    assertEquals(0, verify("2026-12").exit(), "the oldest month kept is intact");
    assertEquals(4, verify("2026-11").exit(), "the month retention dropped has no records, and none is missing");

    // December's records of one instance deleted: its chain runs on from where retention cut it to January
    sql("DELETE FROM usage_log WHERE instance_id = 'kept' AND at >= '2026-12-01 00:00+07' AND at < '2027-01-01 00:00+07'");
    assertTampered("2026-12", "DELETED instance kept seq 2");
  }

  @Test
  void should_find_a_record_inserted_into_the_chain_where_one_page_of_the_check_ends() throws Exception {
    start("k1:" + K1, "k1");
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < 5001; i++) {
      times.add(Instant.parse("2026-11-10T03:00:00Z").plusMillis(i));
    }
    chain("paged", times);
    Verify intact = verify("2026-11");
    assertEquals(0, intact.exit(), intact.out());
    assertTrue(intact.out().contains("5001 records in 1 chain(s): intact"), intact.out());
    // a copy of the 5000th record (the last of the check's first page) under an id that sorts after it
    sql("INSERT INTO usage_log (id, at, instance_id, seq, outcome, status, latency_us, prev_hash, hash) "
        + "SELECT 'ffffffff-ffff-7fff-bfff-ffffffffffff', at, instance_id, seq, outcome, status, latency_us, prev_hash, hash "
        + "FROM usage_log WHERE instance_id = 'paged' AND seq = 5000");
    assertTampered("2026-11", "INSERTED instance paged seq 5000");
  }

  JsonArray officers(String token, String name, int status) {
    HttpResponse<Buffer> r = running.api().get("/v1/usage/officers").addQueryParam("name", name).bearerTokenAuthentication(token).send().await();
    assertEquals(status, r.statusCode(), r.bodyAsString());
    return status == 200 ? r.bodyAsJsonObject().getJsonArray("items") : null;
  }
}
