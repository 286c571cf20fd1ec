package io.linkgate.usage;

import io.linkgate.privacy.CitizenIdProtector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

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

  public JournalRecorder(Vertx vertx, Journal journal, CitizenIdProtector protector, MeterRegistry registry) {
    this.vertx = vertx;
    this.journal = journal;
    this.protector = protector;
    this.journaled = registry.counter("linkgate.usage.records", "stage", "journaled");
    this.refused = registry.counter("linkgate.usage.records", "stage", "refused");
  }

  @Override
  public Future<Void> record(UsageRecord record) {
    return journal.append(SealedRecord.seal(record, protector), vertx.getOrCreateContext())
        .onSuccess(v -> journaled.increment())
        .onFailure(e -> refused.increment());
  }
}
