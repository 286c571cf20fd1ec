package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways on copies of one data directory (a cloned VM, one volume given to two containers) share the journal's
 * instance id: started together they both passed the start-up check against PostgreSQL and wrote one chain from the
 * same seq, which usage verify reports as tampering. The instance's lease lets one of them write.
 */
class InstanceLeaseTest {

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
  final String url = TestDatabase.newDatabaseUrl();
  final List<RunningGateway> running = new ArrayList<>();

  @AfterEach
  void stop() {
    running.forEach(RunningGateway::close);
  }

  RunningGateway start(Path data) throws Exception {
    RunningGateway g = RunningGateway.demo(data, null, Map.of(), clock, url);
    running.add(g);
    return g;
  }

  void sql(String statement) throws Exception {
    TestDatabase.execute(url, statement);
  }

  static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  @Test
  void should_refuse_to_start_a_copy_of_a_running_instances_data_directory_and_start_it_once_that_one_stopped() throws Exception {
    RunningGateway original = start(dir.resolve("a"));
    String instance = original.gateway().journal().instanceId();
    copy(dir.resolve("a"), dir.resolve("b"));

    Exception refused = assertThrows(Exception.class, () -> start(dir.resolve("b")));
    assertTrue(refused.getMessage().contains("the usage journal's instance " + instance + " is in use by another gateway"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("Give each instance its own data directory"), refused.getMessage());
    assertFalse(original.gateway().journal().broken(), "the running one goes on");
    original.gateway().lease().renew().await();
    assertFalse(original.gateway().journal().broken(), "and keeps its lease");

    original.close();
    running.remove(original);
    RunningGateway copy = start(dir.resolve("b"));
    assertEquals(instance, copy.gateway().journal().instanceId(), "the original stopped: its copy may take over");
  }

  @Test
  void should_stop_writing_when_another_gateway_took_the_instance_over() throws Exception {
    RunningGateway g = start(dir.resolve("a"));
    String token = Lookups.login(g, "officer");
    assertEquals(200, new Lookups(g.api()).person(token, "3101700001098").statusCode());
    // a copy took the lease while this gateway could not renew it (the database out of reach for longer than the TTL)
    sql("UPDATE journal_lease SET holder = gen_random_uuid(), host = 'elsewhere', renewed_at = now()");
    g.gateway().lease().renew().await();
    assertTrue(g.gateway().journal().broken());
    assertEquals(503, new Lookups(g.api()).person(token, "3101700001098").statusCode(), "no record written into a chain another writes");
  }

  /** How far the instance's shipping has got, for every instance's monthly drafts (ReportScheduler). */
  @Test
  void should_publish_with_each_renewal_how_far_its_records_are_shipped() throws Exception {
    RunningGateway g = start(dir.resolve("a"));
    assertEquals(200, new Lookups(g.api()).person(Lookups.login(g, "officer"), "3101700001098").statusCode());
    g.gateway().usageWritten().await();
    g.gateway().lease().renew().await();
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement();
         java.sql.ResultSet rs = s.executeQuery("SELECT shipped_through FROM journal_lease")) {
      rs.next();
      // nothing waits: everything journaled is in PostgreSQL, but for lookups still in flight (answered within 10 minutes)
      assertEquals(clock.instant().minus(java.time.Duration.ofMinutes(10)), rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
    }
  }

  @Test
  void should_take_over_the_lease_of_a_gateway_gone_from_this_host_and_keep_a_live_ones() throws Exception {
    RunningGateway g = start(dir.resolve("a"));
    String instance = g.gateway().journal().instanceId();
    g.close();
    running.remove(g);
    String host = System.getenv("HOSTNAME") == null || System.getenv("HOSTNAME").isBlank()
        ? InetAddress.getLocalHost().getHostName() : System.getenv("HOSTNAME");

    Process live = new ProcessBuilder("sleep", "60").start();
    try {
      sql("INSERT INTO journal_lease (instance_id, holder, host, pid, process_start, renewed_at) VALUES ('" + instance
          + "', gen_random_uuid(), '" + host + "', " + live.pid() + ", " + InstanceLease.started(live.toHandle()) + ", now())");
      Exception refused = assertThrows(Exception.class, () -> start(dir.resolve("a")));
      assertTrue(refused.getMessage().contains("process " + live.pid()), refused.getMessage());
    } finally {
      live.destroy();
      live.waitFor();
    }
    // killed (kill -9, a crash): its lease is taken over at once, not after the TTL
    RunningGateway again = start(dir.resolve("a"));
    assertEquals(instance, again.gateway().journal().instanceId());
    assertFalse(again.gateway().journal().broken());
  }
}
