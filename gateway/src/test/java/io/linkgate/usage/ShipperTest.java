package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.sqlclient.Pool;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipper: its stop, its announcements to the live streams. */
class ShipperTest {

  @TempDir
  Path dir;

  /**
   * The shipper stopped while it syncs the file sink: an interrupt then closed the sink's channel for good (a
   * FileChannel's I/O is interruptible), which failed the batch, then the shutdown's own shipping of what was left,
   * with warnings. Only its waits are cut short now.
   */
  @Test
  void should_finish_the_sinks_write_and_ship_the_rest_when_stopped_during_it() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    try (RunningGateway running = RunningGateway.demo(dir.resolve("gw"), null, Map.of(), Clock.systemUTC(), url)) {
      Pool pool = running.gateway().database().pool(running.gateway().vertx());
      Path sinkFile = dir.resolve("usage.jsonl");
      CountDownLatch inFlush = new CountDownLatch(1);
      try (Journal journal = JournalTest.open(dir.resolve("journal"), 1 << 20, 1 << 24);
           FileChannel file = FileChannel.open(sinkFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        JournalTest.appendAll(journal, 200);
        OutputStream sink = new BufferedOutputStream(Channels.newOutputStream(file), 64 * 1024) {
          @Override
          public void flush() throws IOException {
            super.flush();
            inFlush.countDown();
            // the sync takes a while (as on a busy disk); close() comes meanwhile
            for (long until = System.nanoTime() + 300_000_000L; System.nanoTime() < until; ) {
              Thread.onSpinWait();
            }
            file.force(false);
          }
        };
        UsagePartitions partitions = new UsagePartitions(pool, Clock.systemUTC(), 1, 24, new Chain(JournalTest.KEY));
        Shipper shipper = new Shipper(journal, pool, partitions, 50, Duration.ofSeconds(1), Duration.ZERO, sink, Clock.systemUTC(),
            new SimpleMeterRegistry());
        shipper.start();
        assertTrue(inFlush.await(10, TimeUnit.SECONDS), "the first batch reaches the sink");
        shipper.close();
        assertTrue(file.isOpen(), "the sink is still open");
        assertEquals(0, journal.backlog(), "everything shipped before close() returned");
        assertEquals(200, Files.readAllLines(sinkFile).size(), "every record in the sink, once");
        try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM usage_log WHERE instance_id = '" + journal.instanceId() + "'")) {
          rs.next();
          assertEquals(200, rs.getLong(1), "every record in PostgreSQL");
        }
      } finally {
        pool.close().await();
      }
    }
  }

  /**
   * Each insert announces the records it added, and nothing when it added none: a batch sent again (after a crash,
   * what came after the last checkpoint) announced its whole range again, and every live stream sent its records twice.
   */
  @Test
  void should_announce_only_the_records_an_insert_added() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    try (RunningGateway running = RunningGateway.demo(dir.resolve("gw"), null, Map.of(), Clock.systemUTC(), url)) {
      io.vertx.core.Vertx vertx = running.gateway().vertx();
      Pool pool = running.gateway().database().pool(vertx);
      io.vertx.pgclient.pubsub.PgSubscriber listener = io.vertx.pgclient.pubsub.PgSubscriber.subscriber(vertx,
          io.vertx.pgclient.PgConnectOptions.fromUri(url));
      java.util.concurrent.BlockingQueue<String> notes = new java.util.concurrent.LinkedBlockingQueue<>();
      listener.channel(Shipper.CHANNEL).handler(notes::add);
      listener.connect().await();
      try (Journal journal = JournalTest.open(dir.resolve("journal"), 1 << 20, 1 << 24)) {
        JournalTest.appendAll(journal, 10);
        Shipper shipper = new Shipper(journal, pool, new UsagePartitions(pool, Clock.systemUTC(), 1, 24, new Chain(JournalTest.KEY)),
            50, Duration.ofSeconds(1), Duration.ZERO, null, Clock.systemUTC(), new SimpleMeterRegistry());
        java.util.List<Journal.Entry> entries = journal.read(journal.shippedPosition(), 50);
        shipper.insert(entries.subList(0, 4));
        assertEquals(journal.instanceId() + ":1:4", notes.poll(5, TimeUnit.SECONDS));
        shipper.insert(entries); // the first four again, with six new
        assertEquals(journal.instanceId() + ":5:10", notes.poll(5, TimeUnit.SECONDS));
        shipper.insert(entries); // all again
        assertEquals(null, notes.poll(500, TimeUnit.MILLISECONDS), "nothing added, nothing announced");
      } finally {
        listener.close().await();
        pool.close().await();
      }
    }
  }
}
