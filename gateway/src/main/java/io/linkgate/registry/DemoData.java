package io.linkgate.registry;

import io.linkgate.privacy.CitizenIdProtector;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The demo registry: agency DEMO (office 00023) with API key {@code demo-agency-key}, services granting
 * person and house lookups, one officer per role whose simulated card profile shares the officer's name
 * in card-edge, and an enrolled demo workstation. Seeding is idempotent.
 */
public final class DemoData {

  public static final String AGENCY = "DEMO";
  public static final String OFFICE_CODE = "00023";
  public static final String API_KEY = "demo-agency-key";
  public static final String CENTRAL_AGENCY = "CENTRAL";
  public static final String DEVICE_ID = "demo-workstation";
  /** The central unit's demo workstation (same demo key): officers sign in at a workstation of their own agency. */
  public static final String CENTRAL_DEVICE_ID = "demo-central-workstation";
  /** Public half of the demo workstation's Ed25519 key; card-edge ships the private half for the demo. */
  public static final String DEVICE_PUBLIC_KEY = "MCowBQYDK2VwAyEAqti7YWiXQUou3rJi0sn9Fi1fn7hDIjPMfTQHTUEWHkQ=";
  public static final String PIN = "1234";

  public record Service(String code, String nameTh, String nameEn, List<String> datasets) {
  }

  public record Officer(String profile, String citizenId, String agency, String nameTh, String nameEn, String rank,
                        List<String> roles, List<String> services) {
  }

  public static final List<Service> SERVICES = List.of(
      new Service("NC-CIVILREG", "งานทะเบียนราษฎร", "Civil registration", List.of("linkage.person", "linkage.house")),
      new Service("NC-WELFARE", "งานสวัสดิการสังคม", "Social welfare", List.of("linkage.person", "gdx.card-check")),
      new Service("NC-COMMERCE", "งานทะเบียนพาณิชย์", "Commercial registration", List.of("linkage.person", "gdx.juristic")));

  public static final List<Officer> OFFICERS = List.of(
      new Officer("officer", "1101700001016", AGENCY, "นางสาวกมลชนก ศรีสุข", "Miss Kamonchanok Srisuk", "K1",
          List.of("USER"), List.of("NC-CIVILREG", "NC-WELFARE", "NC-COMMERCE")),
      new Officer("officer2", "1101700001024", AGENCY, "นายธีรวัฒน์ ทองดี", "Mr. Teerawat Thongdee", "O2",
          List.of("USER"), List.of("NC-CIVILREG", "NC-WELFARE", "NC-COMMERCE")),
      new Officer("supervisor", "1101700001032", AGENCY, "นางพรทิพย์ วงศ์สวัสดิ์", "Mrs. Pornthip Wongsawat", "K2",
          List.of("CONTROLLING_SUPERVISOR"), List.of()),
      new Officer("head", "1101700001041", AGENCY, "นายประเสริฐ ศักดิ์สิทธิ์", "Mr. Prasert Saksit", "M1",
          List.of("HEAD_OF_AGENCY"), List.of()),
      new Officer("service-supervisor", "1101700001059", CENTRAL_AGENCY, "นางสาวศิริพร ชัยมงคล", "Miss Siriporn Chaimongkol", "K3",
          List.of("SUPERVISOR"), List.of("NC-CIVILREG", "NC-WELFARE", "NC-COMMERCE")),
      new Officer("admin", "1101700001067", CENTRAL_AGENCY, "นายอนุชา แก้วมณี", "Mr. Anucha Kaewmanee", "K2",
          List.of("ADMIN"), List.of()),
      new Officer("superadmin", "1101700001075", CENTRAL_AGENCY, "นายวิชัย รุ่งเรือง", "Mr. Wichai Rungruang", "K4",
          List.of("SUPER_ADMIN"), List.of()),
      new Officer("auditor", "1101700001083", CENTRAL_AGENCY, "นางสาวณัฐธิดา มีสุข", "Miss Nattida Meesuk", "K2",
          List.of("ICT_AUDITOR"), List.of()));

  private DemoData() {
  }

  public static Future<Void> seed(Pool pool, CitizenIdProtector protector) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO agency (code, office_code, name_th, name_en, monthly_quota, work_days, work_start, work_end)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (code) DO UPDATE SET work_end = excluded.work_end
            -- seeded before workEnd could be 24:00 (00:00-23:59:59, the last second refused): to the end of the day,
            -- hours an admin set are left as they are
            WHERE agency.work_start = '00:00' AND agency.work_end = '23:59:59'""")
        .executeBatch(List.of(
            Tuple.of(AGENCY, OFFICE_CODE, "สำนักงานสาธิต LinkGate", "LinkGate demo office", 100_000, (short) 127, LocalTime.MIN, Agency.END_OF_DAY),
            Tuple.of(CENTRAL_AGENCY, "00001", "ศูนย์กำกับดูแลการใช้ข้อมูล", "Central oversight unit", 0, (short) 127, LocalTime.MIN, Agency.END_OF_DAY)))
        .compose(r -> conn.preparedQuery("""
            INSERT INTO agency_api_key (id, agency_code, key_hash, key_prefix, label)
            VALUES ($1, $2, $3, $4, 'demo key') ON CONFLICT (key_hash) DO NOTHING""")
            .execute(Tuple.of(UUID.nameUUIDFromBytes("demo-agency-key".getBytes(StandardCharsets.UTF_8)), AGENCY,
                ApiKeys.hash(API_KEY), ApiKeys.prefix(API_KEY))))
        .compose(r -> conn.preparedQuery("INSERT INTO service (code, name_th, name_en) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING")
            .executeBatch(SERVICES.stream().map(s -> Tuple.of(s.code(), s.nameTh(), s.nameEn())).toList()))
        .compose(r -> conn.preparedQuery("""
            INSERT INTO agency_service (agency_code, service_code, datasets) VALUES ($1, $2, $3)
            ON CONFLICT (agency_code, service_code) DO NOTHING""")
            .executeBatch(SERVICES.stream().map(s -> Tuple.of(AGENCY, s.code(), s.datasets().toArray(String[]::new))).toList()))
        .compose(r -> conn.preparedQuery("""
            INSERT INTO officer (id, agency_code, citizen_id_hash, citizen_id_enc, citizen_id_key, name_th, name_en, rank, roles)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (citizen_id_hash) DO NOTHING""")
            .executeBatch(officerRows(protector)))
        .compose(r -> conn.preparedQuery("""
            INSERT INTO officer_service (officer_id, service_code) VALUES ($1, $2) ON CONFLICT DO NOTHING""")
            .executeBatch(officerServiceRows()))
        .compose(r -> conn.preparedQuery("""
            INSERT INTO device (id, agency_code, public_key, label) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO NOTHING""")
            .executeBatch(List.of(
                Tuple.of(DEVICE_ID, AGENCY, io.vertx.core.buffer.Buffer.buffer(Base64.getDecoder().decode(DEVICE_PUBLIC_KEY)), "demo workstation"),
                Tuple.of(CENTRAL_DEVICE_ID, CENTRAL_AGENCY, io.vertx.core.buffer.Buffer.buffer(Base64.getDecoder().decode(DEVICE_PUBLIC_KEY)),
                    "demo workstation of the central unit"))))
        .mapEmpty());
  }

  /** The demo workstation an officer signs in at: the one enrolled for the officer's agency. */
  public static String deviceFor(Officer o) {
    return o.agency().equals(AGENCY) ? DEVICE_ID : CENTRAL_DEVICE_ID;
  }

  /** Officer ids are derived from the profile so seeding twice finds the same rows. */
  public static UUID officerId(Officer o) {
    return UUID.nameUUIDFromBytes(("demo-officer:" + o.profile()).getBytes(StandardCharsets.UTF_8));
  }

  private static List<Tuple> officerRows(CitizenIdProtector protector) {
    List<Tuple> rows = new ArrayList<>();
    for (Officer o : OFFICERS) {
      CitizenIdProtector.Sealed sealed = protector.encrypt(o.citizenId());
      rows.add(Tuple.of(officerId(o), o.agency(), io.vertx.core.buffer.Buffer.buffer(protector.searchHash(o.citizenId())),
              io.vertx.core.buffer.Buffer.buffer(sealed.bytes()), sealed.keyId(), o.nameTh(), o.nameEn(), o.rank())
          .addArrayOfString(o.roles().toArray(String[]::new)));
    }
    return rows;
  }

  private static List<Tuple> officerServiceRows() {
    List<Tuple> rows = new ArrayList<>();
    for (Officer o : OFFICERS) {
      for (String s : o.services()) {
        rows.add(Tuple.of(officerId(o), s));
      }
    }
    return rows;
  }
}
