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
