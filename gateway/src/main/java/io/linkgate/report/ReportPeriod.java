package io.linkgate.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/** A reporting month in Asia/Bangkok time: its bounds and its due dates. */
public record ReportPeriod(YearMonth month) {

  public static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");

  public Instant start() {
    return month.atDay(1).atStartOfDay(BANGKOK).toInstant();
  }

  public Instant end() {
    return month.plusMonths(1).atDay(1).atStartOfDay(BANGKOK).toInstant();
  }

  /** The controlling supervisor verifies by the 3rd of the next month. */
  public LocalDate verifyDue() {
    return month.plusMonths(1).atDay(3);
  }

  /** The head of agency sends it on by the 5th. */
  public LocalDate sendDue() {
    return month.plusMonths(1).atDay(5);
  }

  /** Whether the month has ended (in Bangkok) at {@code now}. */
  public boolean closed(Instant now) {
    return !now.isBefore(end());
  }
}
