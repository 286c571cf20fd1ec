package io.linkgate.report;

import io.linkgate.config.ConfigNode;
import java.nio.file.Path;

/** The monthly report: draft generation, the demo's last month, the PDF fonts, and the thresholds of the anomaly rules. */
public record ReportConfig(boolean generateDrafts, java.time.Duration draftDelay, boolean demoHistory, Path pdfFont, Path pdfBoldFont, int evidenceLimit, Thresholds thresholds) {

  public record Thresholds(int outsideHoursMinimum, double volumeFactorOwn, double volumeFactorPeers, int volumeMinimum,
                           int citizenOfficers, int citizenLookups, int missingRefMinimum, double missingRefShare,
                           int refusalsMinimum, int blockedPinsMinimum) {
  }

  public static ReportConfig from(ConfigNode node) {
    ConfigNode a = node.section("anomalies");
    return new ReportConfig(
        node.bool("generateDrafts"),
        node.duration("draftDelay", java.time.Duration.ZERO, java.time.Duration.ofDays(2)),
        node.bool("demoHistory"),
        Path.of(node.nonBlank("pdfFont")),
        Path.of(node.nonBlank("pdfBoldFont")),
        node.integer("evidenceLimit", 1, 10_000),
        new Thresholds(
            a.integer("outsideHoursMinimum", 1, 1_000_000),
            a.decimal("volumeFactorOwn", 1.0, 1000),
            a.decimal("volumeFactorPeers", 1.0, 1000),
            a.integer("volumeMinimum", 1, 10_000_000),
            a.integer("citizenOfficers", 2, 10_000),
            a.integer("citizenLookups", 2, 10_000_000),
            a.integer("missingRefMinimum", 1, 10_000_000),
            a.decimal("missingRefShare", 0.0, 1.0),
            a.integer("refusalsMinimum", 1, 10_000_000),
            a.integer("blockedPinsMinimum", 1, 1000)));
  }
}
