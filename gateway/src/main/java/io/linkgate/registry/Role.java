package io.linkgate.registry;

/** The roles of the design brief's DOMAIN.md. */
public enum Role {
  /** An officer serving citizens: makes lookups for the services assigned to them. */
  USER,
  /** Verifies the agency's monthly report. */
  CONTROLLING_SUPERVISOR,
  /** Reviews the report, sends it on or escalates it. */
  HEAD_OF_AGENCY,
  /** Central unit overseeing one service nationally; receives the monthly reports. */
  SUPERVISOR,
  /** Registry management. */
  ADMIN,
  /** The ICT centre managing admins. */
  SUPER_ADMIN,
  /** Investigates anomalies. */
  ICT_AUDITOR
}
