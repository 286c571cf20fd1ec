package io.linkgate.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.http.ProblemException;
import io.linkgate.privacy.CitizenIdProtector;
import io.linkgate.privacy.PrivacyConfig;
import io.linkgate.testing.LockProbe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  static final String CID = "3101700001098";
  static final byte[] KEY = new byte[32];
  static final CitizenIdProtector PROTECTOR = new CitizenIdProtector(new PrivacyConfig(KEY, Map.of("k1", new byte[32]), "k1"));

  @TempDir
  Path dir;

  static SealedRecord record() {
    UsageRecord r = new UsageRecord(Uuid7.at(System.currentTimeMillis()), Instant.now(), "DEMO", "00023", UUID.randomUUID(),
        UUID.randomUUID(), "demo-workstation", "NC-CIVILREG", "linkage.person", "linkage/001/01", "CASE-1", Outcome.SERVED, 200,
        null, 1234, "MISS", CID, "c0ffee00c0ffee00");
    return SealedRecord.seal(r, PROTECTOR);
  }

  static Journal open(Path dir, long segment, long max) throws Exception {
    return Journal.open(dir, segment, max, new Chain(KEY));
  }

  static void appendAll(Journal j, int n) {
    List<Future<Void>> acks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      acks.add(j.append(record(), null));
    }
    Future.all(acks).await();
  }

  @Test
  void should_acknowledge_records_once_durable_and_read_them_back_in_chain_order() throws Exception {
    try (Journal j = open(dir, 64 * 1024, 1 << 20)) {
      appendAll(j, 500);
      List<Journal.Entry> entries = j.read(j.shippedPosition(), 1000);
      assertEquals(500, entries.size());
      byte[] prev = Chain.GENESIS;
      for (int i = 0; i < entries.size(); i++) {
        LoggedRecord r = entries.get(i).record();
        assertEquals(i + 1, r.seq());
        assertArrayEquals(prev, r.prevHash());
        assertArrayEquals(new Chain(KEY).hash(r.record(), r.instanceId(), r.seq(), r.prevHash()), r.hash());
        prev = r.hash();
      }
      assertEquals(500, j.backlog());
    }
  }

  @Test
  void should_complete_each_append_on_the_context_of_the_request_that_made_it() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try (Journal j = open(dir, 64 * 1024, 1 << 20)) {
      // requests carry duplicated contexts: many per event loop, completed in one task per loop
      List<ContextInternal> contexts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        contexts.add(((ContextInternal) vertx.getOrCreateContext()).duplicate());
      }
      List<Future<Boolean>> sameContext = new ArrayList<>();
      for (ContextInternal ctx : contexts) {
        Promise<Boolean> p = Promise.promise();
        ctx.runOnContext(v -> j.append(record(), ctx).onComplete(ar -> p.complete(ar.succeeded()
            && Vertx.currentContext() == ctx && ctx.nettyEventLoop().inEventLoop())));
        sameContext.add(p.future());
      }
      Future.all(sameContext).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      for (Future<Boolean> f : sameContext) {
        assertTrue(f.result(), "completed on its own context and event loop");
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void should_write_and_sync_the_records_of_one_event_loop_turn_together() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (Journal j = open(dir, 1 << 20, 1 << 24)) {
      appendAll(j, 1);
      long commitsBefore = j.commits();
      ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
      Promise<List<Future<Void>>> appended = Promise.promise();
      loop.runOnContext(v -> {
        List<Future<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          acks.add(j.append(record(), loop.duplicate()));
          if (i == 0) {
            // a writer woken by the turn's first record would have written and synced it alone by now
            sleep(50);
          }
        }
        appended.complete(acks);
      });
      List<Future<Void>> acks = appended.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Future.all(acks).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(51, j.durableSeq());
      assertEquals(1, j.commits() - commitsBefore, "one write and fsync for the turn's 50 records");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void should_refuse_a_turn_s_records_when_the_journal_closes_before_the_turn_ends() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Journal j = open(dir, 1 << 20, 1 << 24);
    try {
      ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
      Promise<Future<Void>> appended = Promise.promise();
      loop.runOnContext(v -> {
        Future<Void> ack = j.append(record(), loop);
        j.close();
        appended.complete(ack);
      });
      Future<Void> ack = appended.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      ack.toCompletionStage().toCompletableFuture().handle((ok, e) -> null).get(10, TimeUnit.SECONDS);
      assertTrue(ack.failed() && ack.cause() instanceof ProblemException p && p.type() == Journal.UNAVAILABLE,
          "refused with 503, not left waiting: " + ack.cause());
      assertEquals(0, j.durableSeq());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void should_refuse_appends_beyond_the_records_waiting_for_the_writer_and_take_them_again_once_written() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (Journal j = Journal.open(dir, 1 << 20, 1 << 24, new Chain(KEY), 100, 5)) {
      ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
      Promise<List<Future<Void>>> appended = Promise.promise();
      // one turn's records wait for the writer until the turn ends: the sixth finds five waiting
      loop.runOnContext(v -> {
        List<Future<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
          acks.add(j.append(record(), loop.duplicate()));
        }
        appended.complete(acks);
      });
      List<Future<Void>> acks = appended.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Future.join(acks).toCompletionStage().toCompletableFuture().handle((ok, e) -> null).get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 7; i++) {
        Future<Void> ack = acks.get(i);
        if (i < 5) {
          assertTrue(ack.succeeded(), "record " + i + " taken");
        } else {
          assertTrue(ack.failed() && ack.cause() instanceof ProblemException p && p.type() == Journal.UNAVAILABLE
              && "1".equals(p.headers().get("Retry-After")), "record " + i + " refused with 503: " + ack.cause());
        }
      }
      assertEquals(5, j.durableSeq(), "the refused records were not written");
      appendAll(j, 5); // written records no longer count as waiting
      assertEquals(10, j.durableSeq());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void should_acknowledge_a_record_only_after_it_is_written() throws Exception {
    try (Journal j = open(dir, 1 << 20, 1 << 24)) {
      for (int i = 1; i <= 300; i++) {
        j.append(record(), null).await();
        assertEquals(i, j.durableSeq(), "acknowledged before it was written and synced");
        List<Journal.Entry> tail = j.read(j.shippedPosition(), 10_000);
        assertEquals(i, tail.size());
      }
    }
  }

  @Test
  void should_hand_the_shipper_recent_records_from_memory_and_older_ones_from_disk() throws Exception {
    try (Journal j = Journal.open(dir, 1 << 20, 1 << 24, new Chain(KEY), 50)) {
      appendAll(j, 200);
      // the window holds the last 50: reading from the start must come from the files
      List<Journal.Entry> all = j.read(j.shippedPosition(), 1000);
      assertEquals(200, all.size());
      assertChain(all, 1);
      Journal.Entry shipped = all.get(149);
      j.shipped(shipped.end(), shipped.record().seq());
      // wipe the files' contents: what is read now can only come from memory
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".journal")).toList()) {
          Files.write(f, new byte[(int) Files.size(f)]);
        }
      }
      List<Journal.Entry> recent = j.read(shipped.end(), 1000);
      assertEquals(50, recent.size());
      assertChain(recent, 151);
      assertArrayEquals(shipped.record().hash(), recent.get(0).record().prevHash());
      assertEquals(all.get(199).end(), recent.get(49).end());
      assertEquals(10, j.read(shipped.end(), 10).size(), "at most max");
    }
  }

  @Test
  void should_fail_loudly_on_a_damaged_record_instead_of_skipping_it() throws Exception {
    try (Journal j = Journal.open(dir, 1 << 20, 1 << 24, new Chain(KEY), 10)) {
      appendAll(j, 100);
      List<Journal.Entry> all = j.read(j.shippedPosition(), 1000);
      Path segment;
      try (Stream<Path> files = Files.list(dir)) {
        segment = files.filter(f -> f.toString().endsWith(".journal")).findFirst().orElseThrow();
      }
      // one byte of the 31st record's payload changed on disk (the in-memory window holds only the last 10)
      long at = all.get(29).end() + 8 + 20;
      try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
        ch.read(b, at);
        b.flip();
        byte flipped = (byte) (b.get(0) ^ 0x20);
        ch.write(java.nio.ByteBuffer.wrap(new byte[] {flipped}), at);
      }
      assertEquals(30, j.read(j.shippedPosition(), 30).size(), "the records before it read as before");
      java.io.IOException damaged = assertThrows(java.io.IOException.class, () -> j.read(all.get(29).end(), 100));
      assertTrue(damaged.getMessage().contains("is damaged at offset " + all.get(29).end()), damaged.getMessage());
      assertThrows(java.io.IOException.class, () -> j.read(j.shippedPosition(), 100), "not skipped from further back either");
      // a length field zeroed: the frame and everything after it were skipped without a word before
      try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(new byte[4]), all.get(49).end());
      }
      assertThrows(java.io.IOException.class, () -> j.read(all.get(49).end(), 100));
    }
  }

  private static void assertChain(List<Journal.Entry> entries, long firstSeq) {
    for (int i = 0; i < entries.size(); i++) {
      LoggedRecord r = entries.get(i).record();
      assertEquals(firstSeq + i, r.seq());
      if (i > 0) {
        assertArrayEquals(entries.get(i - 1).record().hash(), r.prevHash());
      }
      assertArrayEquals(new Chain(KEY).hash(r.record(), r.instanceId(), r.seq(), r.prevHash()), r.hash());
    }
  }

  @Test
  void should_keep_no_plain_citizen_id_on_disk() throws Exception {
    try (Journal j = open(dir, 64 * 1024, 1 << 20)) {
      appendAll(j, 20);
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(CID), f.toString());
      }
    }
  }

  @Test
  void should_cut_a_torn_tail_and_continue_the_chain_after_a_crash() throws Exception {
    String instance;
    byte[] lastHash;
    try (Journal j = open(dir, 64 * 1024, 1 << 20)) {
      appendAll(j, 10);
      instance = j.instanceId();
      List<Journal.Entry> entries = j.read(j.shippedPosition(), 100);
      lastHash = entries.get(9).record().hash();
    }
    Path segment;
    try (Stream<Path> files = Files.list(dir)) {
      segment = files.filter(f -> f.toString().endsWith(".journal")).findFirst().orElseThrow();
    }
    // a crash in the middle of a write: a header promising more than what follows
    Files.write(segment, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, '{', '"'}, StandardOpenOption.APPEND);
    try (Journal j = open(dir, 64 * 1024, 1 << 20)) {
      assertEquals(instance, j.instanceId());
      appendAll(j, 1);
      List<Journal.Entry> entries = j.read(j.shippedPosition(), 100);
      assertEquals(11, entries.size());
      assertEquals(11, entries.get(10).record().seq());
      assertArrayEquals(lastHash, entries.get(10).record().prevHash());
    }
  }

  @Test
  void should_write_into_preallocated_segments_and_resume_after_the_last_record() throws Exception {
    long segmentBytes = 64 * 1024;
    long end;
    try (Journal j = open(dir, segmentBytes, 1 << 20)) {
      appendAll(j, 10);
      end = j.durableEnd();
      assertEquals(segmentBytes, Files.size(onlySegment()), "the segment is preallocated");
      // the next one is prepared in the background
      Path spare = dir.resolve(Journal.SPARE);
      for (long deadline = System.nanoTime() + 10_000_000_000L; !Files.exists(spare) && System.nanoTime() < deadline; ) {
        Thread.sleep(10);
      }
      assertEquals(segmentBytes, Files.size(spare), "the next one is ready");
    }
    // a clean restart: the zeros after the last record are free space, not a torn tail
    try (Journal j = open(dir, segmentBytes, 1 << 20)) {
      assertEquals(end, j.durableEnd());
      assertEquals(segmentBytes, Files.size(onlySegment()));
      appendAll(j, 5);
      List<Journal.Entry> entries = j.read(j.shippedPosition(), 100);
      assertEquals(15, entries.size());
      assertChain(entries, 1);
    }
  }

  @Test
  void should_cut_a_torn_write_inside_the_preallocated_space() throws Exception {
    byte[] lastHash;
    long end;
    try (Journal j = open(dir, 64 * 1024, 1 << 20)) {
      appendAll(j, 10);
      lastHash = j.read(j.shippedPosition(), 100).get(9).record().hash();
      end = j.durableEnd();
    }
    // a crash in the middle of a write: the next frame's header made it to disk, its payload did not
    try (var ch = java.nio.channels.FileChannel.open(onlySegment(), StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 1, 2, 3, 4, '{', '"'}), end);
    }
    try (Journal j = open(dir, 64 * 1024, 1 << 20)) {
      assertEquals(end, j.durableEnd());
      assertEquals(end, Files.size(onlySegment()), "the torn tail is cut");
      appendAll(j, 1);
      List<Journal.Entry> entries = j.read(j.shippedPosition(), 100);
      assertEquals(11, entries.size());
      assertArrayEquals(lastHash, entries.get(10).record().prevHash());
    }
  }

  /**
   * A frame that does not check out in the middle of the last segment, with a later group commit after it, is damage
   * to acknowledged records (the later commit was written only once the earlier ones were synced), not a torn tail:
   * recovery cut everything from there on, acknowledged records included, and numbered new ones with their seq.
   */
  @Test
  void should_refuse_to_start_rather_than_cut_acknowledged_records_after_a_damaged_one() throws Exception {
    List<Journal.Entry> all;
    try (Journal j = open(dir, 1 << 20, 1 << 24)) {
      appendAll(j, 10);
      appendAll(j, 10); // group commits of their own, each after the ones before were synced
      all = j.read(j.shippedPosition(), 100);
    }
    Path segment = onlySegment();
    long at = all.get(2).end() + 8 + 20; // inside the 4th record's payload
    flip(segment, at);
    byte[] damaged = Files.readAllBytes(segment);
    Journal.Damaged refused = assertThrows(Journal.Damaged.class, () -> open(dir, 1 << 20, 1 << 24));
    assertTrue(refused.getMessage().contains("is damaged at offset " + all.get(2).end()), refused.getMessage());
    assertTrue(refused.getMessage().contains("acknowledged records follow it"), refused.getMessage());
    assertArrayEquals(damaged, Files.readAllBytes(segment), "nothing cut or written");

    flip(segment, at); // the damage repaired (from a copy, say): every record is there
    try (Journal j = open(dir, 1 << 20, 1 << 24)) {
      assertEquals(20, j.durableSeq());
      assertChain(j.read(j.shippedPosition(), 100), 1);
    }
  }

  /**
   * A crash in the middle of a group commit can leave any of its pages on disk: frames of that commit after the one
   * that did not make it are not a later commit, and the torn commit (never acknowledged) is cut as before.
   */
  @Test
  void should_cut_a_torn_group_commit_even_when_its_later_frames_reached_the_disk() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    List<Journal.Entry> all;
    try (Journal j = open(dir, 1 << 20, 1 << 24)) {
      appendAll(j, 10);
      ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
      Promise<List<Future<Void>>> appended = Promise.promise();
      loop.runOnContext(v -> {
        List<Future<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          acks.add(j.append(record(), loop.duplicate()));
        }
        appended.complete(acks);
      });
      Future.all(appended.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      all = j.read(j.shippedPosition(), 100);
      assertEquals(15, all.size());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    // the last commit's second frame never reached the disk (zeros), its third to fifth did
    try (var ch = java.nio.channels.FileChannel.open(onlySegment(), StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[(int) (all.get(11).end() - all.get(10).end())]), all.get(10).end());
    }
    try (Journal j = open(dir, 1 << 20, 1 << 24)) {
      assertEquals(11, j.durableSeq(), "cut after the torn commit's first frame");
      appendAll(j, 1);
      List<Journal.Entry> entries = j.read(j.shippedPosition(), 100);
      assertEquals(12, entries.size());
      assertChain(entries, 1);
    }
  }

  /**
   * {@code usage journal}: a journal a start-up refused (damaged, or behind the database) is kept for investigation, and
   * its records, perhaps found nowhere else, are read out as JSON lines: each record as stored, the damaged one named
   * and read past. A journal in another data directory is read where it lies; nothing in it changes.
   */
  @Test
  void should_read_a_kept_journal_out_as_json_lines_past_a_damaged_record() throws Exception {
    Path data = dir.resolve("data");
    Path journalDir = data.resolve("journal");
    List<Journal.Entry> all;
    try (Journal j = open(journalDir, 1 << 20, 1 << 24)) {
      appendAll(j, 10);
      appendAll(j, 10);
      all = j.read(j.shippedPosition(), 100);
    }
    Export clean = export(data);
    assertEquals(0, clean.exit(), clean.err());
    assertEquals(20, clean.lines().size());
    for (int i = 0; i < 20; i++) {
      io.vertx.core.json.JsonObject line = new io.vertx.core.json.JsonObject(clean.lines().get(i));
      assertEquals(i + 1, line.getLong("seq"));
      assertEquals(all.get(i).record().record().id().toString(), line.getString("id"));
      assertFalse(clean.lines().get(i).contains(CID), "the citizen ID only as its hash and ciphertext");
    }
    assertTrue(clean.err().contains("20 record(s) of instance "), clean.err());

    Path segment;
    try (Stream<Path> files = Files.list(journalDir)) {
      segment = files.filter(f -> f.toString().endsWith(".journal")).findFirst().orElseThrow();
    }
    flip(segment, all.get(4).end() + 8 + 20); // the 6th record
    byte[] before = Files.readAllBytes(segment);
    Export damaged = export(data);
    assertEquals(3, damaged.exit(), damaged.err());
    assertEquals(19, damaged.lines().size(), "every record but the damaged one");
    assertEquals(5, new io.vertx.core.json.JsonObject(damaged.lines().get(4)).getLong("seq"));
    assertEquals(7, new io.vertx.core.json.JsonObject(damaged.lines().get(5)).getLong("seq"));
    assertTrue(damaged.err().contains("offset " + all.get(4).end() + ": a record that does not check out"), damaged.err());
    assertTrue(damaged.err().contains("read on from offset " + all.get(5).end() + " (seq 7)"), damaged.err());
    assertArrayEquals(before, Files.readAllBytes(segment), "read only");

    Export none = export(dir.resolve("nothing-here"));
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("no usage journal in"), none.err());
  }

  /**
   * {@code usage journal} on a running gateway's directory: a segment its shipper removes between the listing and its
   * reading (only shipped segments are removed) is named as such; the records read before and after it are kept, and
   * the read-out does not fail as unreadable.
   */
  @Test
  void should_name_a_segment_removed_while_the_journal_is_read_out() throws Exception {
    try (Journal j = open(dir, 64 * 1024, 10 << 20)) {
      appendAll(j, 600);
    }
    List<Path> segments;
    try (Stream<Path> files = Files.list(dir)) {
      segments = files.filter(f -> f.toString().endsWith(".journal")).sorted().toList();
    }
    assertTrue(segments.size() >= 3, "rolled: " + segments);
    Path removed = segments.get(1);
    long[] read = {0};
    Journal.Export export = Journal.export(dir, line -> {
      if (read[0]++ == 0) {
        try {
          Files.delete(removed); // the shipper's removal, after the listing
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    assertEquals(List.of(removed.getFileName().toString()), export.removedWhileReading());
    assertTrue(export.damage().isEmpty(), export.damage().toString());
    assertEquals(600, export.lastSeq(), "read on past the removed segment");
    assertTrue(export.records() < 600 && export.records() > 1, "the removed segment's records are not read: " + export.records());
  }

  record Export(int exit, List<String> lines, String err) {
  }

  private static Export export(Path dataDir) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int exit = io.linkgate.MainAccess.run(new String[] {"usage", "journal", "--data-dir", dataDir.toString()},
        Map.of("LINKGATE_LOG_LEVEL", "ERROR"), new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    return new Export(exit, text.isEmpty() ? List.of() : List.of(text.split("\n")), err.toString(StandardCharsets.UTF_8));
  }

  private static void flip(Path file, long at) throws Exception {
    try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
      ch.read(b, at);
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 0x20)}), at);
    }
  }

  private Path onlySegment() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> segments = files.filter(f -> f.toString().endsWith(".journal")).toList();
      assertEquals(1, segments.size(), segments.toString());
      return segments.get(0);
    }
  }

  @Test
  void should_roll_segments_and_delete_the_shipped_ones() throws Exception {
    try (Journal j = open(dir, 64 * 1024, 10 << 20)) {
      appendAll(j, 600);
      assertTrue(segments() >= 3, "rolled: " + segments());
      List<Journal.Entry> all = new ArrayList<>();
      for (List<Journal.Entry> page = j.read(j.shippedPosition(), 100); !page.isEmpty();
           page = j.read(all.get(all.size() - 1).end(), 100)) {
        all.addAll(page);
      }
      assertEquals(600, all.size());
      Journal.Entry last = all.get(all.size() - 1);
      j.shipped(last.end(), last.record().seq());
      assertEquals(0, j.backlog());
      assertEquals(1, segments(), "only the active segment stays");
    }
    try (Journal j = open(dir, 64 * 1024, 10 << 20)) {
      assertEquals(0, j.backlog(), "the checkpoint survives a restart");
      assertTrue(j.read(j.shippedPosition(), 10).isEmpty());
      appendAll(j, 1);
      assertEquals(601, j.read(j.shippedPosition(), 10).get(0).record().seq());
    }
  }

  @Test
  void should_keep_the_chain_s_last_record_while_the_segment_after_it_holds_none() throws Exception {
    Journal.Entry last;
    long end;
    try (Journal j = open(dir, 64 * 1024, 10 << 20)) {
      appendAll(j, 10);
      List<Journal.Entry> entries = j.read(j.shippedPosition(), 100);
      last = entries.get(entries.size() - 1);
      end = j.durableEnd();
    }
    // a crash (or a write error) just after the journal rolled: the next segment is in place, with no record yet
    Path next = dir.resolve(String.format("%020d", end) + ".journal");
    Files.write(next, new byte[64 * 1024]);
    try (Journal j = open(dir, 64 * 1024, 10 << 20)) {
      assertEquals(end, j.durableEnd());
      // PostgreSQL holds everything: the segment before the empty one is still the chain's last record
      j.shipped(j.durableEnd(), last.record().seq());
      assertEquals(2, segments(), "the segment with the chain's last record stays");
    }
    try (Journal j = open(dir, 64 * 1024, 10 << 20)) {
      appendAll(j, 1);
      Journal.Entry first = j.read(j.shippedPosition(), 10).get(0);
      assertEquals(11, first.record().seq(), "the chain goes on after a restart; it started again at 1 before");
      assertArrayEquals(last.record().hash(), first.record().prevHash());
      j.shipped(first.end(), first.record().seq());
      assertEquals(1, segments(), "deleted once a later segment holds a record");
    }
  }

  @Test
  void should_delete_the_shipped_segments_when_the_checkpoint_cannot_be_written() throws Exception {
    Path inTheWay = dir.resolve("shipped.tmp").resolve("in-the-way");
    Journal.Entry early;
    try (Journal j = open(dir, 64 * 1024, 10 << 20)) {
      appendAll(j, 600);
      List<Journal.Entry> all = new ArrayList<>();
      for (List<Journal.Entry> page = j.read(j.shippedPosition(), 100); !page.isEmpty();
           page = j.read(all.get(all.size() - 1).end(), 100)) {
        all.addAll(page);
      }
      early = all.get(9);
      j.shipped(early.end(), early.record().seq());
      // the checkpoint cannot be written now (a directory in its way here; a full disk in production, where deleting
      // the shipped segments is what frees the space it needs)
      Files.createDirectories(inTheWay);
      Journal.Entry last = all.get(all.size() - 1);
      assertThrows(java.io.IOException.class, () -> j.shipped(last.end(), last.record().seq()));
      assertEquals(1, segments(), "the shipped segments are deleted all the same");
      assertEquals(0, j.backlog());
    }
    // restarted before a checkpoint could be written: the one on disk points into a deleted segment
    Files.delete(inTheWay);
    Files.delete(inTheWay.getParent());
    try (Journal j = open(dir, 64 * 1024, 10 << 20)) {
      List<Journal.Entry> again = j.read(j.shippedPosition(), 1000);
      assertEquals(600, again.get(again.size() - 1).record().seq(), "sent again from the oldest segment left");
      assertEquals(again.size(), j.backlog(), "the backlog is what is sent again, not the records deleted with their segments");
      assertTrue(j.shippedPosition() > early.end(), "the unshipped bytes count from the oldest segment left");
      appendAll(j, 1);
      assertEquals(601, j.read(again.get(again.size() - 1).end(), 10).get(0).record().seq());
    }
  }

  @Test
  void should_neither_checkpoint_nor_delete_segments_once_closed() throws Exception {
    Journal j = open(dir, 64 * 1024, 10 << 20);
    Journal.Entry last;
    try {
      appendAll(j, 600);
      List<Journal.Entry> entries = j.read(j.shippedPosition(), 1000);
      last = entries.get(entries.size() - 1);
    } finally {
      j.close();
    }
    long before = segments();
    assertTrue(before > 1, "rolled: " + before);
    String checkpoint = Files.readString(dir.resolve("shipped"));
    // closed, its lock released: another gateway may have opened the directory by now
    assertThrows(java.io.IOException.class, () -> j.shipped(last.end(), last.record().seq()));
    assertEquals(before, segments(), "no segment deleted");
    assertEquals(checkpoint, Files.readString(dir.resolve("shipped")), "the checkpoint left as it was");
  }

  @Test
  void should_start_and_append_when_no_spare_segment_can_be_prepared() throws Exception {
    // the spare cannot be written (here a directory in its way; a full disk in production): the gateway stopped at
    // start-up, so its shipper never ran to free space; now the journal appends to its segment instead
    Files.createDirectories(dir.resolve(Journal.SPARE + ".tmp").resolve("in-the-way"));
    try (Journal j = open(dir, 64 * 1024, 10 << 20)) {
      appendAll(j, 300); // more than one segment holds
      List<Journal.Entry> entries = j.read(j.shippedPosition(), 1000);
      assertEquals(300, entries.size());
      assertChain(entries, 1);
      assertTrue(segments() >= 2, "rolled without a spare: " + segments());
    }
  }

  @Test
  void should_refuse_a_second_process_on_the_same_journal_directory() throws Exception {
    try (Journal j = open(dir, 64 * 1024, 1 << 20)) {
      appendAll(j, 1);
      java.io.IOException refused = assertThrows(java.io.IOException.class, () -> open(dir, 64 * 1024, 1 << 20));
      assertTrue(refused.getMessage().contains("in use by another gateway process"), refused.getMessage());
      appendAll(j, 1); // the first one goes on
    }
    try (Journal j = open(dir, 64 * 1024, 1 << 20)) {
      appendAll(j, 1);
      assertEquals(3, j.read(j.shippedPosition(), 10).get(2).record().seq(), "free again once closed");
    }
  }

  @Test
  void should_keep_its_directory_locked_against_other_processes_when_this_process_opens_it_again() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolveSibling(dir.getFileName() + "-link"), dir);
    try (Journal j = open(dir, 64 * 1024, 1 << 20)) {
      assertTrue(LockProbe.heldAgainstAnotherProcess(dir.resolve("lock")), "the open journal holds no lock to keep");

      for (Path sameDirectory : List.of(dir, link)) {
        assertThrows(java.io.IOException.class, () -> open(sameDirectory, 64 * 1024, 1 << 20));

        assertTrue(LockProbe.heldAgainstAnotherProcess(dir.resolve("lock")), "refusing " + sameDirectory + " released the journal's lock");
      }
      appendAll(j, 1);
    } finally {
      Files.delete(link);
    }
  }

  @Test
  void should_refuse_appends_when_the_unshipped_budget_is_used_up() throws Exception {
    try (Journal j = open(dir, 64 * 1024, 128 * 1024)) {
      int ok = 0;
      ProblemException refused = null;
      for (int i = 0; i < 2000 && refused == null; i++) {
        try {
          j.append(record(), null).await();
          ok++;
        } catch (ProblemException e) {
          refused = e;
        }
      }
      assertTrue(refused != null, "never refused");
      assertEquals(503, refused.type().status());
      assertEquals("usage-log-unavailable", refused.type().slug());
      assertEquals(ok, j.backlog(), "every acknowledged record is kept; none dropped");
      List<Journal.Entry> entries = j.read(j.shippedPosition(), 10_000);
      Journal.Entry last = entries.get(entries.size() - 1);
      j.shipped(last.end(), last.record().seq());
      j.append(record(), null).await();
    }
  }

  private long segments() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".journal")).count();
    }
  }

  static byte[] copy(byte[] b) {
    return Arrays.copyOf(b, b.length);
  }
}
