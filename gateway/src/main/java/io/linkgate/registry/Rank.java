package io.linkgate.registry;

/**
 * Thai civil-service position levels. General track: O1 ปฏิบัติงาน, O2 ชำนาญงาน, O3 อาวุโส, O4 ทักษะพิเศษ;
 * academic track: K1 ปฏิบัติการ, K2 ชำนาญการ, K3 ชำนาญการพิเศษ, K4 เชี่ยวชาญ, K5 ทรงคุณวุฒิ; management:
 * M1/M2 อำนวยการต้น/สูง; executive: S1/S2 บริหารต้น/สูง; EMPLOYEE for staff outside the position system.
 * Which of them may use the Linkage Center is configuration ({@code session.linkageRanks}).
 */
public enum Rank {
  O1, O2, O3, O4, K1, K2, K3, K4, K5, M1, M2, S1, S2, EMPLOYEE
}
