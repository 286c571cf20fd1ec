package io.linkgate.usage;

import io.linkgate.privacy.CitizenIdProtector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The lossless {@link UsageRecorder}: seals the record (the target citizen ID encrypted and hashed on the
 * spot, so no plaintext reaches the disk) and completes once the journal has it on disk.
 */
public final class JournalRecorder implements UsageRecorder {

  private final Vertx vertx;
  private final Journal journal;
  private final CitizenIdProtector protector;
  private final Counter journaled;
  private final Counter refused;
  private final Timer durable;

  public JournalRecorder(Vertx vertx, Journal journal, CitizenIdProtector protector, MeterRegistry registry) {
    this.vertx = vertx;
    this.journal = journal;
    this.protector = protector;
    this.journaled = records(registry, "journaled");
    this.refused = records(registry, "refused");
    // what durability adds to a lookup: from handing the record over to its group's fsync
    this.durable = Timer.builder("linkgate.usage.journal.durable")
        .description("Time from a usage record's append to its journal group commit (fsync)")
        .serviceLevelObjectives(Duration.ofMillis(1).dividedBy(4), Duration.ofMillis(1).dividedBy(2), Duration.ofMillis(1),
            Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5))
        .register(registry);
  }

  /** The usage records counter of one stage ({@code journaled}, {@code refused}, {@code shipped}). */
  static Counter records(MeterRegistry registry, String stage) {
    return Counter.builder("linkgate.usage.records")
        .description("Usage records by stage: journaled (durable on this instance's disk), shipped (in PostgreSQL), "
            + "refused (the journal could not take one: the lookup got 503)")
        .tag("stage", stage)
        .register(registry);
  }

  @Override
  public Future<Void> record(UsageRecord record) {
    SealedRecord sealed = SealedRecord.seal(record, protector);
    long appended = System.nanoTime();
    return journal.append(sealed, vertx.getOrCreateContext())
        .onSuccess(v -> {
          durable.record(System.nanoTime() - appended, TimeUnit.NANOSECONDS);
          journaled.increment();
        })
        .onFailure(e -> refused.increment());
  }
}
