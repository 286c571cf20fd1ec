package io.linkgate.lookup;

import io.linkgate.http.ProblemType;

/** Refusals of the lookup path's own policies. */
public final class LookupProblems {

  private LookupProblems() {
  }

  public static final ProblemType API_KEY_REQUIRED = new ProblemType("api-key-required", "Agency API key required", 401);
  public static final ProblemType API_KEY_INVALID = new ProblemType("api-key-invalid", "Unknown or revoked agency API key", 401);
  public static final ProblemType AGENCY_INACTIVE = new ProblemType("agency-inactive", "The card session's agency is not active", 403);
  public static final ProblemType AGENCY_MISMATCH = new ProblemType("agency-mismatch", "API key and card session belong to different agencies", 403);
  public static final ProblemType NOT_A_USER = new ProblemType("officer-not-user", "Lookups need the USER role", 403);
  public static final ProblemType SERVICE_CODE_REQUIRED = new ProblemType("service-code-required", "X-Service-Code required", 400);
  public static final ProblemType SERVICE_NOT_ASSIGNED = new ProblemType("service-not-assigned", "Officer not assigned to this service", 403);
  public static final ProblemType SERVICE_UNKNOWN = new ProblemType("service-unknown", "The agency does not perform this service", 403);
  public static final ProblemType DATASET_NOT_GRANTED = new ProblemType("dataset-not-granted", "The service does not grant this dataset", 403);
  public static final ProblemType INVALID_CITIZEN_ID = new ProblemType("invalid-citizen-id", "Invalid citizen ID", 400);
  public static final ProblemType INVALID_INPUT = new ProblemType("invalid-input", "Invalid input", 400);
  public static final ProblemType JURISTIC_NOT_FOUND = new ProblemType("juristic-person-not-found", "No such juristic person", 404);
}
