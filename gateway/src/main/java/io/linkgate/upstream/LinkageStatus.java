package io.linkgate.upstream;

import io.linkgate.http.ProblemException;
import io.linkgate.http.ProblemType;
import java.util.Map;

/**
 * Linkage Center status codes (the design brief's DOMAIN.md) and the HTTP problem each becomes. The code itself travels in
 * the problem body as {@code linkageStatus}. Codes 00001–00999 carry the upstream provider's own HTTP status.
 */
public final class LinkageStatus {

  private LinkageStatus() {
  }

  record Mapping(int status, String slug, String title) {
  }

  private static final Map<String, Mapping> CODES = Map.ofEntries(
      Map.entry("90001", new Mapping(401, "linkage-officer-not-logged-in", "Officer not logged in at the Linkage Center")),
      Map.entry("90016", new Mapping(401, "linkage-citizen-not-logged-in", "Citizen consent session missing")),
      Map.entry("90090", new Mapping(401, "linkage-wrong-pin", "Wrong PIN at the Linkage Center")),
      Map.entry("95001", new Mapping(403, "linkage-officer-not-registered", "Officer not registered at the Linkage Center")),
      Map.entry("95002", new Mapping(403, "linkage-card-not-latest", "Not the officer's latest card")),
      Map.entry("95004", new Mapping(403, "linkage-no-right", "Officer has no Linkage right")),
      Map.entry("95005", new Mapping(403, "linkage-no-office-code", "No office code")),
      Map.entry("90005", new Mapping(403, "linkage-outside-working-time", "Outside the permitted working time")),
      Map.entry("90008", new Mapping(429, "linkage-quota-exhausted", "Linkage quota exhausted")),
      Map.entry("90050", new Mapping(429, "linkage-quota-zero", "No Linkage quota")),
      Map.entry("95010", new Mapping(403, "linkage-service-not-permitted", "No right to this Linkage service")),
      Map.entry("95011", new Mapping(403, "linkage-service-not-permitted", "No right to this Linkage service")),
      Map.entry("95014", new Mapping(403, "linkage-service-not-permitted", "No right to this Linkage service")),
      Map.entry("95012", new Mapping(404, "linkage-service-not-found", "Linkage service not found")),
      Map.entry("95016", new Mapping(400, "linkage-query-type-unsupported", "Query type not supported by the service")),
      Map.entry("95017", new Mapping(400, "linkage-query-type-unsupported", "Query type not supported by the service")),
      Map.entry("90500", new Mapping(404, "linkage-data-not-found", "No data found")),
      Map.entry("99992", new Mapping(404, "linkage-card-record-not-found", "Card record not found")),
      Map.entry("99994", new Mapping(404, "linkage-face-image-not-found", "Face image not found")),
      Map.entry("90012", new Mapping(504, "linkage-upstream-timeout", "Upstream service timed out")),
      Map.entry("95015", new Mapping(400, "linkage-payload-too-large", "Payload over 64 KB")),
      Map.entry("95018", new Mapping(400, "linkage-query-not-encoded", "Query not URL-encoded")),
      Map.entry("99983", new Mapping(502, "linkage-face-image-too-large", "Face image too large")));

  /** The problem for a refusal code, or {@code null} for {@code 00000} (ok). */
  public static ProblemException toProblem(String code) {
    if (code == null || !code.matches("\\d{5}")) {
      return new ProblemType("linkage-invalid-answer", "Invalid answer from the Linkage Center", 502)
          .exception("The Linkage Center answered with an unrecognised status.").with("linkageStatus", code == null ? null : "invalid");
    }
    if (code.equals("00000")) {
      return null;
    }
    int numeric = Integer.parseInt(code);
    if (numeric >= 1 && numeric <= 999) {
      int status = numeric >= 400 && numeric <= 599 ? numeric : 502;
      return new ProblemType("linkage-provider-error", "The data provider behind the Linkage Center failed", status)
          .exception("The data provider answered HTTP " + numeric + ".").with("linkageStatus", code);
    }
    Mapping m = CODES.get(code);
    if (m == null) {
      return new ProblemType("linkage-refused", "Refused by the Linkage Center", 502)
          .exception("The Linkage Center refused with status " + code + ".").with("linkageStatus", code);
    }
    return new ProblemType(m.slug(), m.title(), m.status())
        .exception(m.title() + " (Linkage status " + code + ").").with("linkageStatus", code);
  }
}
