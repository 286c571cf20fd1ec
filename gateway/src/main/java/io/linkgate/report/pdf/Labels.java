package io.linkgate.report.pdf;

import io.linkgate.report.Step;
import java.util.Map;

/**
 * Thai wording for the codes the report model carries: refusal and login-failure reasons, anomaly figures, roles,
 * workflow states and sign-off steps. A code without Thai wording is printed as it is.
 */
final class Labels {

  private static final Map<String, String> REASONS = Map.ofEntries(
      Map.entry("rate-limit-session", "เรียกดูถี่เกินกำหนดในรอบการใช้งาน"),
      Map.entry("quota-officer-daily", "เกินโควตารายวันของเจ้าหน้าที่"),
      Map.entry("quota-agency-monthly", "เกินโควตารายเดือนของหน่วยงาน"),
      Map.entry("outside-working-hours", "นอกวันและเวลาทำการ"),
      Map.entry("service-not-assigned", "ไม่ได้รับมอบหมายงานบริการนี้"),
      Map.entry("service-unknown", "ไม่พบงานบริการ"),
      Map.entry("dataset-not-granted", "งานบริการไม่ได้รับสิทธิ์ชุดข้อมูลนี้"),
      Map.entry("invalid-citizen-id", "เลขประจำตัวประชาชนไม่ถูกต้อง"),
      Map.entry("invalid-input", "ข้อมูลคำขอไม่ถูกต้อง"),
      Map.entry("session-expired", "รอบการใช้งานหมดอายุ"),
      Map.entry("session-ended", "ถอดบัตรหรือออกจากระบบแล้ว"),
      Map.entry("session-invalid", "รอบการใช้งานไม่ถูกต้อง"),
      Map.entry("linkage-data-not-found", "ไม่พบข้อมูลในระบบต้นทาง"),
      Map.entry("linkage-card-record-not-found", "ไม่พบข้อมูลบัตรในระบบต้นทาง"),
      Map.entry("linkage-face-image-not-found", "ไม่พบภาพใบหน้าในระบบต้นทาง"),
      Map.entry("juristic-person-not-found", "ไม่พบนิติบุคคล"),
      Map.entry("linkage-no-right", "ไม่มีสิทธิ์ใช้บริการของระบบต้นทาง"),
      Map.entry("upstream-timeout", "ระบบต้นทางตอบช้าเกินกำหนด"),
      Map.entry("upstream-unavailable", "ระบบต้นทางไม่พร้อมให้บริการ"),
      Map.entry("upstream-circuit-open", "ระงับการเรียกระบบต้นทางชั่วคราว"),
      Map.entry("upstream-busy", "ระบบต้นทางมีงานค้างมาก"),
      Map.entry("upstream-error", "ระบบต้นทางขัดข้อง"),
      Map.entry("internal-error", "ข้อผิดพลาดภายในระบบ"),
      Map.entry("wrong-pin", "รหัส PIN ไม่ถูกต้อง"),
      Map.entry("pin-blocked", "รหัส PIN ถูกระงับ"),
      Map.entry("officer-not-registered", "บัตรไม่ได้ลงทะเบียนเป็นเจ้าหน้าที่"),
      Map.entry("officer-inactive", "เจ้าหน้าที่ถูกระงับการใช้งาน"),
      Map.entry("rank-not-entitled", "ระดับตำแหน่งไม่มีสิทธิ์ใช้งาน"),
      Map.entry("device-unknown", "เครื่องไม่ได้ลงทะเบียน"),
      // refused before the lookup's input was read (its record names the agency of the key)
      Map.entry("session-required", "ไม่ได้เปิดรอบการใช้งานด้วยบัตร"),
      Map.entry("service-code-required", "ไม่ได้ระบุรหัสงานบริการ"),
      Map.entry("agency-inactive", "หน่วยงานถูกระงับการใช้งาน"),
      Map.entry("agency-mismatch", "คีย์ของหน่วยงานไม่ตรงกับหน่วยงานของเจ้าหน้าที่"),
      Map.entry("officer-not-user", "เจ้าหน้าที่ไม่มีบทบาทผู้ใช้งาน"),
      Map.entry("officer-not-entitled", "ตำแหน่งหรือบทบาทไม่มีสิทธิ์ใช้ Linkage"),
      Map.entry("officer-locked", "เจ้าหน้าที่ถูกล็อกการใช้งาน"),
      // the upstreams and the gateway's own refusals
      Map.entry("linkage-refused", "ระบบ Linkage ปฏิเสธคำขอ"),
      Map.entry("linkage-officer-not-logged-in", "เจ้าหน้าที่ยังไม่ได้เข้าสู่ระบบ Linkage"),
      Map.entry("linkage-citizen-not-logged-in", "ไม่มีรอบการยินยอมของประชาชนในระบบ Linkage"),
      Map.entry("linkage-wrong-pin", "รหัส PIN ไม่ถูกต้องที่ระบบ Linkage"),
      Map.entry("linkage-officer-not-registered", "เจ้าหน้าที่ไม่ได้ลงทะเบียนในระบบ Linkage"),
      Map.entry("linkage-card-not-latest", "ไม่ใช่บัตรใบล่าสุดของเจ้าหน้าที่"),
      Map.entry("linkage-no-office-code", "ไม่มีรหัสสำนักงานในระบบ Linkage"),
      Map.entry("linkage-outside-working-time", "นอกเวลาที่ระบบ Linkage อนุญาต"),
      Map.entry("linkage-quota-exhausted", "โควตาของระบบ Linkage หมดแล้ว"),
      Map.entry("linkage-quota-zero", "ไม่ได้รับโควตาในระบบ Linkage"),
      Map.entry("linkage-service-not-permitted", "ไม่มีสิทธิ์ใช้บริการนี้ของระบบ Linkage"),
      Map.entry("linkage-service-not-found", "ไม่พบบริการในระบบ Linkage"),
      Map.entry("linkage-query-type-unsupported", "บริการไม่รองรับการค้นแบบนี้"),
      Map.entry("linkage-upstream-timeout", "ระบบเบื้องหลัง Linkage ตอบช้าเกินกำหนด"),
      Map.entry("linkage-payload-too-large", "ข้อมูลคำขอเกิน 64 KB"),
      Map.entry("linkage-query-not-encoded", "คำค้นไม่ได้เข้ารหัสแบบ URL"),
      Map.entry("linkage-face-image-too-large", "ภาพใบหน้ามีขนาดใหญ่เกินกำหนด"),
      Map.entry("linkage-provider-error", "หน่วยงานเจ้าของข้อมูลขัดข้อง"),
      Map.entry("linkage-invalid-answer", "ระบบ Linkage ตอบกลับไม่ถูกต้อง"),
      Map.entry("upstream-refused", "ระบบต้นทางปฏิเสธการเรียกของหน่วยงาน"),
      Map.entry("usage-log-unavailable", "บันทึกการใช้งานไม่พร้อม"),
      Map.entry("bad-request", "คำขอไม่ถูกต้อง"),
      Map.entry("body-too-large", "คำขอมีขนาดใหญ่เกินกำหนด"),
      Map.entry("request-timeout", "ส่งคำขอไม่ครบภายในเวลาที่กำหนด"),
      Map.entry("api-key-required", "ไม่ได้ส่งคีย์ของหน่วยงาน"),
      Map.entry("api-key-invalid", "คีย์ของหน่วยงานไม่ถูกต้อง"),
      Map.entry("not-found", "ไม่พบปลายทางที่เรียก"),
      Map.entry("method-not-allowed", "วิธีเรียกไม่ถูกต้อง"),
      Map.entry("not-acceptable", "ไม่รองรับรูปแบบคำตอบที่ขอ"),
      Map.entry("uri-too-long", "ที่อยู่คำขอยาวเกินกำหนด"),
      Map.entry("unsupported-media-type", "ไม่รองรับรูปแบบข้อมูลของคำขอ"),
      Map.entry("headers-too-large", "ส่วนหัวคำขอใหญ่เกินกำหนด"),
      Map.entry("not-implemented", "ไม่รองรับวิธีการส่งข้อมูลของคำขอ"),
      Map.entry("unavailable", "ระบบไม่พร้อมให้บริการชั่วคราว"),
      // logins refused
      Map.entry("card-authority-unavailable", "ระบบตรวจสอบบัตรไม่พร้อมให้บริการ"),
      Map.entry("card-answer-invalid", "ข้อมูลจากบัตรไม่ถูกต้อง"),
      Map.entry("card-expired", "บัตรหมดอายุ"),
      Map.entry("card-pin-blocked", "รหัส PIN ของบัตรถูกระงับ"),
      Map.entry("challenge-expired", "รหัสยืนยันการเข้าสู่ระบบหมดอายุ"),
      Map.entry("challenge-invalid", "รหัสยืนยันการเข้าสู่ระบบไม่ถูกต้อง"),
      Map.entry("challenge-reused", "รหัสยืนยันการเข้าสู่ระบบถูกใช้ซ้ำ"),
      Map.entry("device-signature-invalid", "ลายมือชื่อของเครื่องไม่ถูกต้อง"),
      Map.entry("device-wrong-agency", "เครื่องลงทะเบียนไว้กับหน่วยงานอื่น"),
      Map.entry("login-throttled", "พยายามเข้าสู่ระบบถี่เกินกำหนด"),
      Map.entry("unknown", "ไม่ทราบสาเหตุ"));

  private static final Map<String, String> FIGURES = Map.ofEntries(
      Map.entry("requests", "คำขอ"),
      Map.entry("lookups", "การเรียกดู"),
      Map.entry("refused", "ถูกปฏิเสธ"),
      Map.entry("ownMonthlyAverage", "ค่าเฉลี่ยต่อเดือนของตนเอง (3 เดือนก่อน)"),
      Map.entry("peerMedian", "ค่ามัธยฐานของเจ้าหน้าที่ในหน่วยงาน"),
      Map.entry("officers", "จำนวนเจ้าหน้าที่"),
      Map.entry("withoutReference", "ไม่มีเลขที่อ้างอิงคำขอ"),
      Map.entry("overlappingSessionPairs", "คู่รอบการใช้งานที่ซ้อนกัน"),
      Map.entry("devices", "จำนวนเครื่อง"),
      Map.entry("blockedPins", "PIN ถูกระงับ"));

  private static final Map<String, String> ROLES = Map.of(
      "USER", "ผู้ใช้งาน",
      "CONTROLLING_SUPERVISOR", "หัวหน้างานผู้ควบคุม",
      "HEAD_OF_AGENCY", "หัวหน้าหน่วยงาน",
      "SUPERVISOR", "ผู้ดูแลระบบงานบริการ",
      "ADMIN", "ผู้ดูแลระบบ",
      "SUPER_ADMIN", "ผู้ดูแลระบบสูงสุด",
      "ICT_AUDITOR", "ผู้ตรวจสอบของศูนย์ ICT");

  private static final Map<String, String> STATES = Map.of(
      "DRAFT", "ฉบับร่าง",
      "SUBMITTED", "ส่งให้หัวหน้างานผู้ควบคุมตรวจสอบแล้ว",
      "VERIFIED", "หัวหน้างานผู้ควบคุมตรวจสอบแล้ว",
      "REVIEWED", "หัวหน้าหน่วยงานพิจารณาแล้ว",
      "SENT_TO_SUPERVISOR", "ส่งผู้ดูแลระบบงานบริการแล้ว",
      "ESCALATED_TO_ICT", "ส่งศูนย์ ICT ตรวจสอบแล้ว",
      "SUPERSEDED", "ถูกแทนที่ด้วยฉบับใหม่");

  private Labels() {
  }

  static String reason(String code) {
    return REASONS.getOrDefault(code, "");
  }

  static String figure(String key) {
    return FIGURES.getOrDefault(key, key);
  }

  static String role(String role) {
    return ROLES.getOrDefault(role, role);
  }

  static String state(String state) {
    return STATES.getOrDefault(state, state);
  }

  static String stepTh(Step step) {
    return switch (step) {
      case SUBMIT -> "ผู้จัดทำรายงาน (ผู้ใช้งาน) ส่งรายงาน";
      case VERIFY -> "หัวหน้างานผู้ควบคุม ตรวจสอบรายงาน";
      case REVIEW -> "หัวหน้าหน่วยงาน พิจารณารายงาน";
      case SEND -> "หัวหน้าหน่วยงาน ส่งรายงานถึงผู้ดูแลระบบงานบริการ";
      case ESCALATE -> "หัวหน้าหน่วยงาน ส่งศูนย์ ICT ตรวจสอบความผิดปกติ";
    };
  }

  static String stepEn(Step step) {
    return switch (step) {
      case SUBMIT -> "Submitted by the reporting officer";
      case VERIFY -> "Verified by the controlling supervisor";
      case REVIEW -> "Reviewed by the head of agency";
      case SEND -> "Sent to the Supervisor";
      case ESCALATE -> "Escalated to ICT";
    };
  }
}
