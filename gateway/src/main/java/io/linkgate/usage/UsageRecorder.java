package io.linkgate.usage;

import io.vertx.core.Future;

/** Where every lookup's usage record goes. The returned future completes when the record is safe to rely on. */
public interface UsageRecorder {

  Future<Void> record(UsageRecord record);
}
