package io.linkgate.cardedge.pcsc;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A pause the test steps through: each pause is recorded and lasts until the test releases it. */
final class ControlledPause implements ReaderWatcher.Pause {

  private final BlockingQueue<Duration> requested = new LinkedBlockingQueue<>();
  private final Semaphore releases = new Semaphore(0);

  @Override
  public void pause(Duration duration) throws InterruptedException {
    requested.add(duration);
    releases.acquire();
  }

  /** The next pause the watcher asked for (waits for it). */
  Duration next() throws InterruptedException {
    Duration duration = requested.poll(5, TimeUnit.SECONDS);
    assertNotNull(duration, "the watcher did not pause");
    return duration;
  }

  boolean anyRequested() {
    return !requested.isEmpty();
  }

  void release() {
    releases.release();
  }
}
