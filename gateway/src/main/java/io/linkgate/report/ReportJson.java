package io.linkgate.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The report as JSON. The content (everything but the workflow) has one canonical encoding, fixed field
 * order, whose SHA-256 is the content hash every sign-off refers to.
 */
public final class ReportJson {

  private ReportJson() {
  }

  public static JsonObject content(MonthlyReport r) {
    MonthlyReport.Header h = r.header();
    MonthlyReport.Totals t = r.totals();
    JsonArray services = new JsonArray();
    r.services().forEach(s -> services.add(new JsonObject().put("code", s.code()).put("nameTh", s.nameTh()).put("nameEn", s.nameEn())
        .put("requests", s.requests()).put("served", s.served()).put("refused", s.refused()).put("distinctCitizens", s.distinctCitizens())));
    JsonArray datasets = new JsonArray();
    r.datasets().forEach(d -> datasets.add(new JsonObject().put("dataset", d.dataset()).put("requests", d.requests())
        .put("served", d.served()).put("cacheHits", d.cacheHits())));
    JsonArray officers = new JsonArray();
    r.officers().forEach(o -> officers.add(new JsonObject().put("officerId", o.officerId().toString()).put("nameTh", o.nameTh())
        .put("nameEn", o.nameEn()).put("requests", o.requests()).put("served", o.served()).put("refused", o.refused())
        .put("withoutRequestRef", o.withoutRequestRef())));
    JsonArray anomalies = new JsonArray();
    r.anomalies().forEach(a -> {
      JsonObject figures = new JsonObject();
      a.figures().forEach(figures::put);
      JsonObject anomaly = new JsonObject().put("rule", a.rule()).put("titleTh", a.titleTh()).put("titleEn", a.titleEn())
          .put("subject", a.subject());
      if (a.subjectEn() != null) {
        // only when there is one, so that the content of every report stored before it existed encodes as it did
        anomaly.put("subjectEn", a.subjectEn());
      }
      anomalies.add(anomaly.put("figures", figures).put("usageIds", new JsonArray(a.usageIds().stream().map(UUID::toString).toList())));
    });
    JsonObject content = new JsonObject()
        .put("agency", new JsonObject().put("code", h.agencyCode()).put("nameTh", h.agencyNameTh()).put("nameEn", h.agencyNameEn())
            .put("officeCode", h.officeCode()))
        .put("month", h.month().toString())
        .put("periodStart", h.periodStart().toString())
        .put("periodEnd", h.periodEnd().toString())
        .put("generatedAt", h.generatedAt().toString())
        .put("version", h.version())
        .put("totals", new JsonObject().put("requests", t.requests()).put("served", t.served()).put("refused", t.refused())
            .put("upstreamErrors", t.upstreamErrors()).put("errors", t.errors()).put("cacheHits", t.cacheHits())
            .put("distinctCitizens", t.distinctCitizens()).put("withoutRequestRef", t.withoutRequestRef()))
        .put("services", services)
        .put("datasets", datasets)
        .put("officers", officers)
        .put("refusals", reasons(r.refusals()))
        .put("logins", new JsonObject().put("failed", r.logins().failed()).put("wrongPin", r.logins().wrongPin())
            .put("blockedPins", r.logins().blockedPins()).put("byReason", reasons(r.logins().byReason())))
        .put("anomalies", anomalies);
    if (!r.notFound().isEmpty()) {
      // only when there were any, so that the content of every report stored before it existed encodes as it did
      content.put("notFound", reasons(r.notFound()));
    }
    if (!r.unlisted().isEmpty()) {
      // only when a rule's list was cut, so that the content of every report stored before it existed encodes as it did
      JsonArray unlisted = new JsonArray();
      r.unlisted().forEach(u -> unlisted.add(new JsonObject().put("rule", u.rule()).put("count", u.count())));
      content.put("anomaliesNotListed", unlisted);
    }
    return content;
  }

  /** The full answer: content plus workflow (when stored). */
  public static JsonObject full(MonthlyReport r) {
    JsonObject json = content(r);
    MonthlyReport.Workflow w = r.workflow();
    if (r.preview()) {
      return json.put("workflow", new JsonObject().put("state", "PREVIEW").put("contentHash", hash(json)));
    }
    JsonArray signOffs = new JsonArray();
    w.signOffs().forEach(s -> signOffs.add(new JsonObject().put("step", s.step()).put("officerName", s.officerName())
        .put("role", s.role()).put("at", s.at().toString()).put("comment", s.comment()).put("contentHash", s.contentHash())));
    return json.put("workflow", new JsonObject().put("reportId", w.reportId().toString()).put("state", w.state())
        .put("verifyDue", w.verifyDue().toString()).put("sendDue", w.sendDue().toString()).put("contentHash", w.contentHash())
        .put("signOffs", signOffs));
  }

  public static String canonical(MonthlyReport r) {
    return content(r).encode();
  }

  public static String hash(JsonObject content) {
    return sha256(content.encode());
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rebuilds a stored report's content (the workflow comes from the database). */
  public static MonthlyReport parse(String canonical, MonthlyReport.Workflow workflow) {
    JsonObject j = new JsonObject(canonical);
    JsonObject a = j.getJsonObject("agency");
    MonthlyReport.Header header = new MonthlyReport.Header(a.getString("code"), a.getString("nameTh"), a.getString("nameEn"),
        a.getString("officeCode"), YearMonth.parse(j.getString("month")), Instant.parse(j.getString("periodStart")),
        Instant.parse(j.getString("periodEnd")), Instant.parse(j.getString("generatedAt")), j.getInteger("version"));
    JsonObject t = j.getJsonObject("totals");
    MonthlyReport.Totals totals = new MonthlyReport.Totals(t.getLong("requests"), t.getLong("served"), t.getLong("refused"),
        t.getLong("upstreamErrors"), t.getLong("errors"), t.getLong("cacheHits"), t.getLong("distinctCitizens"),
        t.getLong("withoutRequestRef"));
    List<MonthlyReport.ServiceLine> services = new ArrayList<>();
    j.getJsonArray("services").forEach(o -> {
      JsonObject s = (JsonObject) o;
      services.add(new MonthlyReport.ServiceLine(s.getString("code"), s.getString("nameTh"), s.getString("nameEn"), s.getLong("requests"),
          s.getLong("served"), s.getLong("refused"), s.getLong("distinctCitizens")));
    });
    List<MonthlyReport.DatasetLine> datasets = new ArrayList<>();
    j.getJsonArray("datasets").forEach(o -> {
      JsonObject d = (JsonObject) o;
      datasets.add(new MonthlyReport.DatasetLine(d.getString("dataset"), d.getLong("requests"), d.getLong("served"), d.getLong("cacheHits")));
    });
    List<MonthlyReport.OfficerLine> officers = new ArrayList<>();
    j.getJsonArray("officers").forEach(o -> {
      JsonObject x = (JsonObject) o;
      officers.add(new MonthlyReport.OfficerLine(UUID.fromString(x.getString("officerId")), x.getString("nameTh"), x.getString("nameEn"),
          x.getLong("requests"), x.getLong("served"), x.getLong("refused"), x.getLong("withoutRequestRef")));
    });
    JsonObject l = j.getJsonObject("logins");
    MonthlyReport.Logins logins = new MonthlyReport.Logins(l.getLong("failed"), l.getLong("wrongPin"), l.getLong("blockedPins"),
        parseReasons(l.getJsonArray("byReason")));
    List<MonthlyReport.Anomaly> anomalies = new ArrayList<>();
    j.getJsonArray("anomalies").forEach(o -> {
      JsonObject x = (JsonObject) o;
      Map<String, Number> figures = new LinkedHashMap<>();
      x.getJsonObject("figures").forEach(e -> figures.put(e.getKey(), (Number) e.getValue()));
      List<UUID> ids = new ArrayList<>();
      x.getJsonArray("usageIds").forEach(id -> ids.add(UUID.fromString((String) id)));
      anomalies.add(new MonthlyReport.Anomaly(x.getString("rule"), x.getString("titleTh"), x.getString("titleEn"), x.getString("subject"),
          x.getString("subjectEn"), figures, ids));
    });
    List<MonthlyReport.Unlisted> unlisted = new ArrayList<>();
    j.getJsonArray("anomaliesNotListed", new JsonArray()).forEach(o -> unlisted.add(new MonthlyReport.Unlisted(
        ((JsonObject) o).getString("rule"), ((JsonObject) o).getLong("count"))));
    return new MonthlyReport(header, totals, services, datasets, officers, parseReasons(j.getJsonArray("refusals")),
        parseReasons(j.getJsonArray("notFound", new JsonArray())), logins, anomalies, unlisted, workflow);
  }

  private static JsonArray reasons(List<MonthlyReport.ReasonLine> lines) {
    JsonArray out = new JsonArray();
    lines.forEach(r -> out.add(new JsonObject().put("reason", r.reason()).put("count", r.count())));
    return out;
  }

  private static List<MonthlyReport.ReasonLine> parseReasons(JsonArray array) {
    List<MonthlyReport.ReasonLine> out = new ArrayList<>();
    array.forEach(o -> out.add(new MonthlyReport.ReasonLine(((JsonObject) o).getString("reason"), ((JsonObject) o).getLong("count"))));
    return out;
  }

}
