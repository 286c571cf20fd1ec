package io.linkgate.lookup;

import io.linkgate.ratelimit.Limit;
import io.linkgate.ratelimit.TokenBucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the usage records of lookups refused before any agency is identified (no agency key, an unknown or revoked
 * one; on the console, no card session). Such a request is nobody's lookup, and anyone who can reach the port can send
 * them: recorded without a bound, one client could fill the journal, PostgreSQL and five years of monthly partitions.
 * They are recorded at {@code perSecond} on average (bursts of ten seconds' worth, per instance); past that they are
 * answered alike, without a record, counted in {@code linkgate_unrecorded_refusals_total} and summed up in one warning a
 * minute. Lookups of an identified agency (a valid key, whatever else is refused) are always recorded.
 */
public final class UnidentifiedRefusals {

  private static final Logger LOG = LoggerFactory.getLogger(UnidentifiedRefusals.class);

  private final double perSecond;
  private final TokenBucket bucket; // null: none recorded (perSecond 0)
  private final Counter unrecorded;
  private final LongAdder sinceSummary = new LongAdder();

  public UnidentifiedRefusals(double perSecond, MeterRegistry registry, long nowNanos) {
    this.perSecond = perSecond;
    this.bucket = perSecond > 0 ? new TokenBucket(new Limit(perSecond, (int) Math.max(1, perSecond * 10)), nowNanos / 1_000_000) : null;
    this.unrecorded = Counter.builder("linkgate.unrecorded_refusals")
        .description("Lookups refused before any agency was identified and not recorded in the usage log (past usage.unidentifiedRecordsPerSecond)")
        .register(registry);
  }

  /** True when this refusal is to be recorded; false (counted) when it is past the bound. */
  public boolean record(long nowNanos) {
    if (bucket != null && bucket.tryTake(nowNanos / 1_000_000) == 0) {
      return true;
    }
    unrecorded.increment();
    sinceSummary.increment();
    return false;
  }

  /** Called once a minute: one warning for the refusals left unrecorded since the last (none when there were none). */
  public void summarise() {
    long n = sinceSummary.sumThenReset();
    if (n > 0) {
      LOG.atWarn().addKeyValue("unrecorded", n).addKeyValue("recordedPerSecond", perSecond)
          .log("lookups without a valid agency key came faster than usage.unidentifiedRecordsPerSecond: the excess was "
              + "refused without a usage record (linkgate_unrecorded_refusals_total)");
    }
  }
}
