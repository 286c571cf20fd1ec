package io.linkgate.report;

import io.linkgate.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Hand-made registry and usage-log rows for report tests (written straight into PostgreSQL). */
final class ReportFixtures implements AutoCloseable {

  private final Connection c;
  private final AtomicLong seq = new AtomicLong();

  ReportFixtures(String dbUrl) throws Exception {
    this.c = TestDatabase.connect(dbUrl);
  }

  void sql(String statement) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  void partitions(YearMonth from, YearMonth to) throws Exception {
    for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
      sql("CREATE TABLE IF NOT EXISTS usage_log_" + m.getYear() + "_" + String.format("%02d", m.getMonthValue())
          + " PARTITION OF usage_log FOR VALUES FROM ('" + m.atDay(1) + " 00:00+07') TO ('" + m.plusMonths(1).atDay(1) + " 00:00+07')");
    }
  }

  /** An agency working Monday to Friday, 08:30 to 16:30, performing NC-CIVILREG and NC-WELFARE. */
  void agency(String code) throws Exception {
    sql("INSERT INTO agency (code, office_code, name_th, name_en, monthly_quota, work_days, work_start, work_end) VALUES ('"
        + code + "', '00999', 'สำนักงานทดสอบ " + code + "', 'Test office " + code + "', 100000, 31, '08:30', '16:30')");
    sql("INSERT INTO agency_service (agency_code, service_code, datasets) VALUES ('" + code + "', 'NC-CIVILREG', '{linkage.person,linkage.house}'),"
        + " ('" + code + "', 'NC-WELFARE', '{linkage.person,gdx.card-check}')");
    sql("INSERT INTO device (id, agency_code, public_key) VALUES ('" + code.toLowerCase() + "-ws1', '" + code + "', '\\x00'), ('"
        + code.toLowerCase() + "-ws2', '" + code + "', '\\x00')");
  }

  /** The English name {@link #officer} gives an officer. */
  static String englishName(UUID officer) {
    return "Officer " + officer.toString().substring(0, 4);
  }

  UUID officer(String agency, String nameTh) throws Exception {
    UUID id = UUID.randomUUID();
    try (PreparedStatement p = c.prepareStatement("INSERT INTO officer (id, agency_code, citizen_id_hash, citizen_id_enc, citizen_id_key, "
        + "name_th, name_en, rank, roles) VALUES (?, ?, ?, '\\x00', 'k1', ?, ?, 'K1', '{USER}')")) {
      p.setObject(1, id);
      p.setString(2, agency);
      p.setBytes(3, sha(id.toString()));
      p.setString(4, nameTh);
      p.setString(5, englishName(id));
      p.executeUpdate();
    }
    return id;
  }

  /** One usage record; {@code citizen} is any label, stored as a fake keyed hash. */
  UUID usage(String agency, UUID officer, Instant at, String service, String dataset, String outcome, String problem, String cache,
             String citizen, String ref, UUID session) throws Exception {
    UUID id = UUID.randomUUID();
    try (PreparedStatement p = c.prepareStatement("INSERT INTO usage_log (id, at, instance_id, seq, agency_code, office_code, officer_id, "
        + "session_id, service_code, dataset, request_ref, outcome, status, problem, latency_us, cache, target_hash, prev_hash, hash) "
        + "VALUES (?, ?, 'fixture', ?, ?, '00999', ?, ?, ?, ?, ?, ?, ?, ?, 1000, ?, ?, '\\x00', '\\x00')")) {
      p.setObject(1, id);
      p.setTimestamp(2, Timestamp.from(at));
      p.setLong(3, seq.incrementAndGet());
      p.setString(4, agency);
      p.setObject(5, officer);
      p.setObject(6, session);
      p.setString(7, service);
      p.setString(8, dataset);
      p.setString(9, ref);
      p.setString(10, outcome);
      p.setInt(11, outcome.equals("SERVED") ? 200 : outcome.equals("REFUSED") ? 403 : 503);
      p.setString(12, problem);
      p.setString(13, cache);
      p.setBytes(14, citizen == null ? null : sha("citizen:" + citizen));
      p.executeUpdate();
    }
    return id;
  }

  UUID served(String agency, UUID officer, Instant at, String citizen) throws Exception {
    return usage(agency, officer, at, "NC-CIVILREG", "linkage.person", "SERVED", null, "MISS", citizen, "REF-" + seq.get(), null);
  }

  /**
   * {@code count} served lookups of NC-CIVILREG in one statement, a second apart from {@code from}, of citizens
   * {@code citizen + "-" + (i % citizens)}: each of {@code citizens} citizens is looked up {@code count / citizens} times.
   */
  void servedMany(String agency, UUID officer, Instant from, int count, String citizen, int citizens) throws Exception {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO usage_log (id, at, instance_id, seq, agency_code, office_code, officer_id, "
        + "service_code, dataset, request_ref, outcome, status, latency_us, cache, target_hash, prev_hash, hash) "
        + "SELECT gen_random_uuid(), ?::timestamptz + i * interval '1 second', 'fixture', ? + i, ?, '00999', ?, 'NC-CIVILREG', "
        + "'linkage.person', 'REF-' || i, 'SERVED', 200, 1000, 'MISS', sha256(convert_to('citizen:' || ? || '-' || (i % ?), 'UTF8')), "
        + "'\\x00', '\\x00' FROM generate_series(0, ? - 1) i")) {
      p.setTimestamp(1, Timestamp.from(from));
      p.setLong(2, seq.getAndAdd(count) + 1);
      p.setString(3, agency);
      p.setObject(4, officer);
      p.setString(5, citizen);
      p.setInt(6, citizens);
      p.setInt(7, count);
      p.executeUpdate();
    }
  }

  void loginFailure(String agency, UUID officer, Instant at, String reason) throws Exception {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO login_failure (id, at, agency_code, officer_id, reason) VALUES (?, ?, ?, ?, ?)")) {
      p.setObject(1, UUID.randomUUID());
      p.setTimestamp(2, Timestamp.from(at));
      p.setString(3, agency);
      p.setObject(4, officer);
      p.setString(5, reason);
      p.executeUpdate();
    }
  }

  UUID session(String agency, UUID officer, String device, Instant from, Instant to) throws Exception {
    UUID id = UUID.randomUUID();
    try (PreparedStatement p = c.prepareStatement("INSERT INTO card_session (id, token_hash, officer_id, agency_code, device_id, chip_id, "
        + "created_at, last_seen_at, expires_at, ended_at, end_reason) VALUES (?, ?, ?, ?, ?, 'AA', ?, ?, ?, ?, 'LOGOUT')")) {
      p.setObject(1, id);
      p.setBytes(2, sha(id.toString()));
      p.setObject(3, officer);
      p.setString(4, agency);
      p.setString(5, device);
      p.setTimestamp(6, Timestamp.from(from));
      p.setTimestamp(7, Timestamp.from(to));
      p.setTimestamp(8, Timestamp.from(to.plusSeconds(3600)));
      p.setTimestamp(9, Timestamp.from(to));
      p.executeUpdate();
    }
    return id;
  }

  static byte[] sha(String s) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws Exception {
    c.close();
  }
}
