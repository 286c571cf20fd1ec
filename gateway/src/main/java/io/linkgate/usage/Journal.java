package io.linkgate.usage;

import io.linkgate.concurrent.DirectoryClaims;
import io.linkgate.http.ProblemType;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local append-only usage journal. A record is durable, and its {@link #append} future completes, once
 * it is on disk: one writer thread takes everything queued, links it into the instance's chain, writes it
 * and makes it durable with one fsync for the whole batch (group commit). Records appended on an event loop are
 * handed to the writer together once the loop has run what it had to run (a task queued behind its current work):
 * the writer is woken once per turn of the loop, not by the loop's first record of a turn, which on a shared core
 * would preempt the loop for a one-record commit while the turn's other requests wait. Records are framed as
 * {@code [length][CRC32C][JSON]} in segment files named by their start position, the first frame of each group
 * commit flagged in its length word; a torn tail from a crash is cut off at start-up, while a frame that does not
 * check out with a later commit after it (damage to acknowledged records) stops the start instead. Segments are
 * preallocated and zero-filled ahead of time by a background thread (a
 * spare file renamed into place when the journal rolls), so a group commit's fdatasync flushes the records'
 * blocks alone, without the file-system metadata an append would change: about half the latency of syncing an
 * append on ext4, and a much shorter tail. The zeros after the last record are where the next one goes. The
 * shipper reads durable records and reports what PostgreSQL holds; segments below that point are deleted. The
 * most recent durable records are also kept in memory (a bounded window), so a shipper that keeps up never reads
 * back what was just written; one that falls behind the window, or starts after a restart, reads the segment
 * files. When the unshipped bytes reach the budget, appends are refused (503).
 */
public final class Journal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  public static final ProblemType UNAVAILABLE = new ProblemType("usage-log-unavailable", "Usage log unavailable", 503);
  static final String SUFFIX = ".journal";
  static final int HEADER = 8;
  static final int MAX_RECORD = 1 << 20;
  /**
   * Set in the length word of the first frame of each group commit. A commit is written only after the one before it
   * was synced, so a commit that starts after a frame that does not check out proves that frame was acknowledged:
   * damage, not a torn tail (see {@link #recover}).
   */
  static final int COMMIT_START = 1 << 31;
  /** Records waiting for the writer beyond which appends are refused (503) by default: bounds memory when the disk stalls. */
  static final int MAX_QUEUED = 200_000;
  /** Records written and synced together at most. */
  static final int MAX_BATCH = 8192;
  /** Durable records kept in memory for the shipper (about 1 KB each). */
  static final int RECENT_RECORDS = 16_384;
  static final long CHECKPOINT_MILLIS = 250;
  /** The next segment, zero-filled and synced ahead of time (not a segment until renamed: no {@link #SUFFIX}). */
  static final String SPARE = "next-segment.spare";
  /** The spare is zero-filled and synced this much at a time... */
  static final int PREPARE_CHUNK = 256 * 1024;
  /** ...with a rest of twice the chunk's time after each, at most this long. */
  static final long PREPARE_MAX_REST_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** A durable record and the journal position just after it. */
  public record Entry(LoggedRecord record, long end) {
  }

  /** Where the chain ended when the journal was opened: its last record's seq and hash (0 and genesis: no record yet). */
  public record Tip(long seq, byte[] hash) {
  }

  private record Pending(SealedRecord record, Promise<Void> promise, ContextInternal context) {
  }

  private record Segment(long start, Path path) {
  }

  private final Path dir;
  private final long segmentBytes;
  private final long maxUnshippedBytes;
  private final Chain chain;
  private final String instanceId;
  /** Records handed to the writer: whole event-loop turns, or single records appended off an event loop. */
  private final BlockingQueue<List<Pending>> queue = new LinkedBlockingQueue<>();
  /** Records appended and not yet taken by the writer, at most {@link #maxQueued}. */
  private final AtomicInteger queued = new AtomicInteger();
  private final int maxQueued;
  // each event loop's records of its current turn (one entry per event loop that appended)
  private final Map<EventExecutor, LoopTurn> turns = new ConcurrentHashMap<>();
  private volatile long commits;
  private final List<Segment> segments = new CopyOnWriteArrayList<>();
  private final Thread writer;
  // prepares the spare segment, one at a time
  private final ExecutorService preparer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "linkgate-journal-prepare");
    t.setDaemon(true);
    return t;
  });
  private final Object durableSignal = new Object();
  // the writer thread's own: every record is encoded into this one buffer
  private final RecordCodec.Encoder encoder = new RecordCodec.Encoder();
  private FileChannel active;
  /** Holds the directory's lock (see {@link #lock(Path)}). */
  private FileChannel lock;
  /** The directory, claimed for this process before its lock file is opened (see {@link #lock(Path)}). */
  private DirectoryClaims.Claim claim;
  private long activeStart;
  private long seq;
  private byte[] prevHash;
  private volatile Tip opened;
  private volatile long durableEnd;
  private volatile long durableSeq;
  private volatile long shippedPosition;
  private volatile long shippedSeq;
  private volatile boolean broken;
  private volatile boolean running = true;
  // the in-memory window of durable records, guarded by itself; recentStart is the position of its first
  private final ArrayDeque<Entry> recent = new ArrayDeque<>();
  private final int recentMax;
  private long recentStart;
  // the shipped checkpoint as last written, and when (shipper's thread)
  private long checkpointPosition = -1;
  private long checkpointNanos;

  private Journal(Path dir, long segmentBytes, long maxUnshippedBytes, Chain chain, String instanceId, int recentMax,
                  int maxQueued) {
    this.recentMax = recentMax;
    this.maxQueued = maxQueued;
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.maxUnshippedBytes = maxUnshippedBytes;
    this.chain = chain;
    this.instanceId = instanceId;
    this.writer = new Thread(this::writeLoop, "linkgate-journal");
    this.writer.setDaemon(true);
  }

  /** Opens (or creates) the journal in {@code dir}, recovering its end after a crash. Blocking: start-up only. */
  public static Journal open(Path dir, long segmentBytes, long maxUnshippedBytes, Chain chain) throws IOException {
    return open(dir, segmentBytes, maxUnshippedBytes, chain, RECENT_RECORDS);
  }

  /** As {@link #open(Path, long, long, Chain)}, keeping up to {@code recentMax} durable records in memory. */
  static Journal open(Path dir, long segmentBytes, long maxUnshippedBytes, Chain chain, int recentMax) throws IOException {
    return open(dir, segmentBytes, maxUnshippedBytes, chain, recentMax, MAX_QUEUED);
  }

  /** As {@link #open(Path, long, long, Chain, int)}, refusing appends beyond {@code maxQueued} records waiting. */
  static Journal open(Path dir, long segmentBytes, long maxUnshippedBytes, Chain chain, int recentMax, int maxQueued)
      throws IOException {
    Files.createDirectories(dir);
    DirectoryClaims.Claim claim = DirectoryClaims.claim(dir).orElseThrow(() -> inUse(dir));
    FileChannel lock = null;
    try {
      lock = lock(dir);
      Journal j = new Journal(dir, segmentBytes, maxUnshippedBytes, chain, instanceId(dir), recentMax, maxQueued);
      j.lock = lock;
      j.claim = claim;
      // before recovery, which rolls into it when the journal is new; no room for a spare (a full disk) must not keep
      // the gateway from starting: its shipper is what frees space
      j.prepareSpareQuietly(false);
      j.recover();
      j.writer.start();
      return j;
    } catch (IOException | RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      claim.close();
      throw e;
    }
  }

  /**
   * Takes the journal directory for this process: two gateways on one directory (a second instance started with
   * the same data directory, a new process while the old one is still stopping) would share the instance id and
   * write over each other's acknowledged records at the same positions. Held until {@link #close}. Taken only under
   * the directory's claim: this process opening the lock file while it holds the lock, and closing it on finding the
   * lock taken, would release the lock (POSIX record locks belong to the process).
   */
  private static FileChannel lock(Path dir) throws IOException {
    FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (ch.tryLock() != null) {
        return ch;
      }
    } catch (java.nio.channels.OverlappingFileLockException e) {
      // held by this process, not under a claim: not expected
    }
    ch.close();
    throw inUse(dir);
  }

  private static IOException inUse(Path dir) {
    return new IOException("the usage journal in " + dir.toAbsolutePath()
        + " is in use by another gateway process; each instance needs its own data directory");
  }

  private static String instanceId(Path dir) throws IOException {
    Path file = dir.resolve("instance-id");
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    String id = UUID.randomUUID().toString();
    writeDurably(file, id + "\n");
    return id;
  }

  public String instanceId() {
    return instanceId;
  }

  public Path directory() {
    return dir;
  }

  /** The chain's end as recovered at start-up, before anything was appended (see {@link JournalCheck}). */
  public Tip opened() {
    return opened;
  }

  // -- appending -----------------------------------------------------------------------------------

  /** Queues the record; the future completes (on the caller's context) when the record is on disk. */
  public Future<Void> append(SealedRecord record, Context context) {
    if (broken || !running) {
      return Future.failedFuture(UNAVAILABLE.exception("The usage journal cannot be written; lookups are refused until it can.")
          .header("Retry-After", "5"));
    }
    if (full()) {
      return Future.failedFuture(UNAVAILABLE.exception("The usage journal is full because records cannot be shipped to the database; "
          + "lookups are refused until they are.").header("Retry-After", "10"));
    }
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      return Future.failedFuture(UNAVAILABLE.exception("The usage journal is overloaded; retry shortly.").header("Retry-After", "1"));
    }
    Promise<Void> promise = Promise.promise();
    ContextInternal ctx = (ContextInternal) context;
    Pending pending = new Pending(record, promise, ctx);
    if (ctx != null && ctx.isEventLoopContext() && ctx.nettyEventLoop().inEventLoop()) {
      EventExecutor loop = ctx.nettyEventLoop();
      turns.computeIfAbsent(loop, l -> new LoopTurn()).add(pending, loop);
    } else {
      handOff(List.of(pending));
    }
    return promise.future();
  }

  /** An event loop's records of its current turn, handed to the writer by a task queued behind the turn's work. */
  private final class LoopTurn implements Runnable {
    private List<Pending> records = new ArrayList<>();

    void add(Pending pending, EventExecutor loop) {
      records.add(pending);
      if (records.size() == 1) {
        try {
          loop.execute(this); // from the loop itself: queued, no wake-up
        } catch (RejectedExecutionException shuttingDown) {
          run();
        }
      }
    }

    @Override
    public void run() {
      List<Pending> turn = records;
      records = new ArrayList<>(Math.max(16, turn.size()));
      handOff(turn);
    }
  }

  private void handOff(List<Pending> records) {
    queue.add(records);
    if (!running && !writer.isAlive()) {
      failQueued(); // the journal closed meanwhile: nothing will write them
    }
  }

  private void failQueued() {
    List<Pending> left = new ArrayList<>();
    for (List<Pending> records; (records = queue.poll()) != null; ) {
      left.addAll(records);
    }
    queued.addAndGet(-left.size());
    fail(left, null);
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>(4096);
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    CRC32C crc = new CRC32C();
    while (running || !queue.isEmpty()) {
      try {
        List<Pending> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.addAll(first);
        for (List<Pending> more; batch.size() < MAX_BATCH && (more = queue.poll()) != null; ) {
          batch.addAll(more);
        }
        queued.addAndGet(-batch.size());
        if (broken) {
          fail(batch, null);
        } else {
          buffer = writeBatch(batch, buffer, crc);
          commits++; // this thread alone writes it
          complete(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        broken = true;
        LOG.atError().setCause(e).log("the usage journal failed; lookups are refused until the gateway restarts");
        fail(batch, e);
      } catch (Error e) {
        // out of memory, say: the batch's requests are answered 503 and later appends refused, instead of waiting
        // forever for a writer that is gone
        broken = true;
        fail(batch, null);
        failQueued();
        throw e;
      } finally {
        batch.clear();
      }
    }
  }

  private ByteBuffer writeBatch(List<Pending> batch, ByteBuffer buffer, CRC32C crc) throws IOException {
    buffer.clear();
    long batchStart = activeStart + active.position();
    long at = batchStart; // the journal position just after the last record put in the buffer
    List<Entry> written = new ArrayList<>(batch.size());
    int flag = COMMIT_START;
    for (Pending p : batch) {
      LoggedRecord logged = chain.link(p.record(), instanceId, seq + 1, prevHash);
      RecordCodec.Encoder payload = encoder.encode(logged);
      int size = payload.length();
      if (size > MAX_RECORD) {
        throw new IOException("usage record too large: " + size + " bytes");
      }
      int frame = HEADER + size;
      if (at - activeStart + frame > segmentBytes && at > activeStart) {
        drain(buffer);
        active.force(false);
        roll(at);
      }
      if (buffer.remaining() < frame) {
        drain(buffer);
        if (buffer.capacity() < frame) {
          buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(frame) << 1);
        }
      }
      crc.reset();
      crc.update(payload.array(), 0, size);
      buffer.putInt(size | flag).putInt((int) crc.getValue()).put(payload.array(), 0, size);
      flag = 0;
      at += frame;
      seq++;
      prevHash = logged.hash();
      written.add(new Entry(logged, at));
    }
    drain(buffer);
    active.force(false);
    remember(batchStart, written);
    synchronized (durableSignal) {
      durableEnd = activeStart + active.position();
      durableSeq = seq;
      durableSignal.notifyAll();
    }
    return buffer;
  }

  /** Adds a durable batch starting at {@code start} to the in-memory window, dropping the oldest beyond its size. */
  private void remember(long start, List<Entry> written) {
    synchronized (recent) {
      if (recent.isEmpty() || recent.peekLast().end() != start) {
        recent.clear();
        recentStart = start;
      }
      recent.addAll(written);
      while (recent.size() > recentMax) {
        recentStart = recent.removeFirst().end();
      }
    }
  }

  /** Up to {@code max} records from the in-memory window when it holds {@code position}; null when it does not. */
  private List<Entry> recent(long position, int max) {
    synchronized (recent) {
      while (!recent.isEmpty() && recentStart < position) {
        recentStart = recent.removeFirst().end(); // shipped
      }
      if (recent.isEmpty() || recentStart != position) {
        return null;
      }
      List<Entry> out = new ArrayList<>(Math.min(max, recent.size()));
      for (Entry e : recent) {
        if (out.size() == max) {
          break;
        }
        out.add(e);
      }
      return out;
    }
  }

  private void drain(ByteBuffer buffer) throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      active.write(buffer);
    }
    buffer.clear();
  }

  /**
   * Completes a batch's promises, each on its request's context. Requests carry their own (duplicated) contexts,
   * so the batch is grouped by event loop: one task per event loop, not one per request, which would wake the
   * loop's selector once per record.
   */
  private void complete(List<Pending> batch) {
    settle(batch, p -> p.promise().complete());
  }

  private void fail(List<Pending> batch, Exception cause) {
    settle(batch, p -> p.promise().fail(UNAVAILABLE.exception("The usage journal cannot be written; lookups are refused until it can.")
        .header("Retry-After", "5")));
  }

  private static void settle(List<Pending> batch, Consumer<Pending> action) {
    Map<ContextInternal, List<Pending>> byLoop = new IdentityHashMap<>();
    for (Pending p : batch) {
      if (p.context() == null) {
        action.accept(p);
      } else {
        byLoop.computeIfAbsent(p.context().unwrap(), c -> new ArrayList<>()).add(p);
      }
    }
    byLoop.forEach((loop, pending) -> loop.runOnContext(v -> {
      for (Pending p : pending) {
        p.context().emit(p, action::accept);
      }
    }));
  }

  // -- recovery --------------------------------------------------------------------------------------

  /** The segment files in {@code dir}, by their start position. */
  private static List<Segment> segmentsIn(Path dir) throws IOException {
    List<Segment> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).forEach(f -> {
        String name = f.getFileName().toString();
        found.add(new Segment(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), f));
      });
    }
    found.sort((a, b) -> Long.compare(a.start(), b.start()));
    return found;
  }

  private void recover() throws IOException {
    List<Segment> found = segmentsIn(dir);
    segments.addAll(found);
    seq = 0;
    prevHash = Chain.GENESIS;
    if (found.isEmpty()) {
      roll(0);
    } else {
      Segment last = found.get(found.size() - 1);
      active = FileChannel.open(last.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
      activeStart = last.start();
      long valid = 0;
      LoggedRecord lastRecord = null;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      CRC32C crc = new CRC32C();
      for (byte[] payload; (payload = frameAt(active, valid, active.size(), header, crc)) != null; ) {
        lastRecord = RecordCodec.decode(Buffer.buffer(payload));
        valid += HEADER + payload.length;
      }
      // after the last whole record: the segment's preallocated zeros, or a torn tail from a crash mid-write
      if (valid < active.size() && !zeroFrom(active, valid)) {
        LoggedRecord after = commitAfter(active, valid, lastRecord == null ? 0 : lastRecord.seq());
        if (after != null) {
          // a later group commit was written, so everything before it had been synced and acknowledged: cutting here
          // would throw those records away (and number new ones with their seq)
          throw new Damaged("the usage journal segment " + last.path().getFileName() + " is damaged at offset " + valid
              + ", and acknowledged records follow it (from seq " + after.seq() + " on): the gateway does not cut them off "
              + "and does not start on this journal. Keep a copy of the journal directory for investigation ('usage journal' "
              + "reads its records out, past the damage); to serve "
              + "meanwhile, start with a new, empty usage.journalDirectory (a new chain, under a new instance id)");
        }
        LOG.atWarn().addKeyValue("segment", last.path().getFileName().toString()).addKeyValue("bytes", active.size() - valid)
            .log("cut a torn tail off the usage journal (the gateway stopped while writing; no acknowledged record is lost)");
        active.truncate(valid); // the rest of this segment is appended, not preallocated
        active.force(true);
      }
      active.position(valid);
      if (lastRecord == null && found.size() > 1) {
        lastRecord = lastRecordOf(found.get(found.size() - 2), last.start());
      }
      if (lastRecord != null) {
        seq = lastRecord.seq();
        prevHash = lastRecord.hash();
      }
    }
    durableEnd = activeStart + active.position();
    durableSeq = seq;
    opened = new Tip(seq, prevHash);
    long[] checkpoint = readCheckpoint();
    // a checkpoint below the oldest segment was not written when the segments it points into were deleted (shipped)
    boolean current = checkpoint != null && checkpoint[0] >= segments.get(0).start();
    shippedPosition = current ? checkpoint[0] : segments.get(0).start();
    shippedSeq = current ? checkpoint[1] : seqBefore(shippedPosition);
    checkpointPosition = checkpoint == null ? -1 : checkpoint[0];
  }

  /**
   * The first record after {@code from} in {@code ch} that starts a group commit (a whole frame with
   * {@link #COMMIT_START}, its CRC checking, its record numbered after {@code seq}), or null when there is none.
   */
  private static LoggedRecord commitAfter(FileChannel ch, long from, long seq) throws IOException {
    Found found = frameAfter(ch, from, seq, true);
    return found == null ? null : found.record();
  }

  /** A whole frame found by {@link #frameAfter}: its offset in the file and its record. */
  private record Found(long offset, LoggedRecord record) {
  }

  /**
   * The first whole frame at or after {@code from} in {@code ch} whose CRC checks and whose record is numbered after
   * {@code seq} (only one that starts a group commit when {@code commitStart}), or null when there is none. Looked for
   * at every byte: the frames after a damaged one cannot be found by their lengths.
   */
  private static Found frameAfter(FileChannel ch, long from, long seq, boolean commitStart) throws IOException {
    long size = ch.size();
    if (size - from < HEADER) {
      return null;
    }
    java.nio.MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, from, size - from);
    CRC32C crc = new CRC32C();
    for (int i = 0; i + HEADER <= map.limit(); i++) {
      if (commitStart && (map.get(i) & 0x80) == 0) {
        continue; // the flag is the length word's first bit
      }
      int length = map.getInt(i) & ~COMMIT_START;
      if (length <= 0 || length > MAX_RECORD || i + HEADER + (long) length > map.limit()) {
        continue;
      }
      crc.reset();
      crc.update(map.slice(i + HEADER, length));
      if ((int) crc.getValue() != map.getInt(i + 4)) {
        continue;
      }
      byte[] payload = new byte[length];
      map.get(i + HEADER, payload);
      try {
        LoggedRecord r = RecordCodec.decode(Buffer.buffer(payload));
        if (r.seq() > seq) {
          return new Found(from + i, r);
        }
      } catch (RuntimeException notARecord) {
        // bytes that happen to check out: not a frame the writer wrote
      }
    }
    return null;
  }

  /**
   * What {@link #export} read: records written out, their first and last seq (0 when none), where it found damage, and
   * the segments a running gateway removed (shipped) between the listing and their reading.
   */
  public record Export(long records, long firstSeq, long lastSeq, List<String> damage, List<String> removedWhileReading) {
  }

  /**
   * Reads every record of the journal in {@code dir} without opening it (no lock, nothing written: a stopped gateway's
   * journal, or a copy kept for investigation) and hands each one's stored form, as written (the citizen ID only as
   * its keyed hash and ciphertext), to {@code out}, in the journal's order. A frame that does not check out (damage, or
   * a crash's torn write at the end) is named in the result and reading goes on at the next whole record after it.
   */
  public static Export export(Path dir, Consumer<byte[]> out) throws IOException {
    List<Segment> found = segmentsIn(dir);
    long records = 0;
    long first = 0;
    long last = 0;
    List<String> damage = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    CRC32C crc = new CRC32C();
    for (Segment s : found) {
      FileChannel opened;
      try {
        opened = FileChannel.open(s.path(), StandardOpenOption.READ);
      } catch (java.nio.file.NoSuchFileException gone) {
        // a running gateway removed it since the listing: its records were shipped to PostgreSQL (only shipped
        // segments are removed), so nothing is lost; say so rather than fail the whole read-out
        skipped.add(s.path().getFileName().toString());
        continue;
      }
      try (FileChannel ch = opened) {
        long offset = 0;
        while (offset < ch.size()) {
          byte[] payload = frameAt(ch, offset, ch.size(), header, crc);
          LoggedRecord record = null;
          if (payload != null) {
            try {
              record = RecordCodec.decode(Buffer.buffer(payload));
            } catch (RuntimeException notARecord) {
              payload = null;
            }
          }
          if (record != null) {
            out.accept(payload);
            records++;
            first = first == 0 ? record.seq() : first;
            last = record.seq();
            offset += HEADER + payload.length;
            continue;
          }
          if (zeroFrom(ch, offset)) {
            break; // the segment's preallocated space
          }
          Found next = frameAfter(ch, offset + 1, last, false);
          damage.add("segment " + s.path().getFileName() + ", offset " + offset + ": a record that does not check out (damage, "
              + "or a crash's torn write at the journal's end); " + (next == null ? "nothing readable after it in this segment"
              : "read on from offset " + next.offset() + " (seq " + next.record().seq() + ")"));
          if (next == null) {
            break;
          }
          offset = next.offset();
        }
      }
    }
    return new Export(records, first, last, damage, skipped);
  }

  /** True when everything in {@code ch} from {@code from} to its end is zero. */
  private static boolean zeroFrom(FileChannel ch, long from) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    for (long at = from; at < ch.size(); ) {
      chunk.clear();
      int n = ch.read(chunk, at);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (chunk.get(i) != 0) {
          return false;
        }
      }
      at += n;
    }
    return true;
  }

  /** The last record of {@code segment}, whose records end where the next segment starts ({@code end}). */
  private LoggedRecord lastRecordOf(Segment segment, long end) throws IOException {
    LoggedRecord last = null;
    for (Entry e : readSegment(segment, segment.start(), Integer.MAX_VALUE, end)) {
      last = e.record();
    }
    return last;
  }

  private long seqBefore(long position) throws IOException {
    List<Entry> first = read(position, 1);
    return first.isEmpty() ? seq : first.get(0).record().seq() - 1;
  }

  private void roll(long start) throws IOException {
    if (active != null) {
      active.close();
    }
    Path path = dir.resolve(String.format("%020d", start) + SUFFIX);
    Path spare = dir.resolve(SPARE);
    if (spareReady(spare)) {
      Files.move(spare, path, StandardCopyOption.ATOMIC_MOVE);
    }
    // without a spare ready (the preparer is behind, or failed), this segment is appended to: correct, only slower
    active = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    activeStart = start;
    segments.add(new Segment(start, path));
    forceDirectory();
    try {
      preparer.execute(() -> prepareSpareQuietly(true)); // a no-op when a spare is still being written or already there
    } catch (RejectedExecutionException closing) {
      // the journal is closing: no further segment is needed
    }
  }

  private boolean spareReady(Path spare) throws IOException {
    return Files.exists(spare) && Files.size(spare) == segmentBytes;
  }

  /**
   * Writes the spare segment (zeros, synced) unless one of the right size is there. Preparer thread ({@code paced},
   * sharing the disk with group commits) or start-up (before any).
   */
  private void prepareSpare(boolean paced) throws IOException {
    Path spare = dir.resolve(SPARE);
    if (spareReady(spare)) {
      return;
    }
    Path tmp = dir.resolve(SPARE + ".tmp");
    try {
      writeSpare(tmp, paced);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp); // a partial spare holds space when space is what is missing
      } catch (IOException notDeleted) {
        e.addSuppressed(notDeleted);
      }
      throw e;
    }
    Files.move(tmp, spare, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory();
  }

  private void writeSpare(Path tmp, boolean paced) throws IOException {
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      // Synced a quarter megabyte at a time, resting twice as long as each chunk took: the disk is shared with the
      // group commits, and a long flush (or a burst of them) would hold their syncs up behind it. The spare still
      // takes a fraction of the time the active segment takes to fill; if it is late, the journal appends instead.
      ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(segmentBytes, PREPARE_CHUNK));
      for (long at = 0; at < segmentBytes; ) {
        long t0 = System.nanoTime();
        zeros.clear().limit((int) Math.min(zeros.capacity(), segmentBytes - at));
        at += ch.write(zeros, at);
        ch.force(false);
        if (paced && at < segmentBytes && running) {
          pause(Math.min(2 * (System.nanoTime() - t0), PREPARE_MAX_REST_NANOS));
        }
      }
      ch.force(true);
    }
  }

  private static void pause(long nanos) throws IOException {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while preparing the next segment", e);
    }
  }

  private void prepareSpareQuietly(boolean paced) {
    try {
      prepareSpare(paced);
    } catch (IOException e) {
      LOG.atWarn().setCause(e).log("could not prepare the next usage journal segment; it will be appended to instead");
    }
  }

  // -- reading and shipping --------------------------------------------------------------------------

  /** Up to {@code max} durable records from {@code position} on. Called by the shipper's thread. */
  public List<Entry> read(long position, int max) throws IOException {
    List<Entry> fromMemory = recent(position, max);
    if (fromMemory != null) {
      return fromMemory;
    }
    List<Entry> out = new ArrayList<>();
    long end = durableEnd;
    long at = position;
    List<Segment> snapshot = List.copyOf(segments);
    for (int i = 0; i < snapshot.size() && out.size() < max && at < end; i++) {
      Segment s = snapshot.get(i);
      long next = i + 1 < snapshot.size() ? snapshot.get(i + 1).start() : Long.MAX_VALUE;
      if (at >= next) {
        continue;
      }
      // a position below the oldest segment (deleted once shipped) reads from that segment's start
      List<Entry> got = readSegment(s, Math.max(at, s.start()), max - out.size(), Math.min(end, next));
      out.addAll(got);
      at = got.isEmpty() ? next : got.get(got.size() - 1).end();
      if (!got.isEmpty() && at < Math.min(end, next)) {
        break; // max reached inside this segment
      }
    }
    return out;
  }

  /**
   * Up to {@code max} records of segment {@code s} from position {@code from} to {@code limit}, which is where its
   * durable records end. Everything before the limit was written whole and synced (recovery cut any torn tail), so
   * a frame that does not check out there is damage to acknowledged records: it fails loudly (the shipper reports it
   * and stops at it, the journal's backlog alert follows) instead of being skipped.
   */
  private List<Entry> readSegment(Segment s, long from, int max, long limit) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(s.path(), StandardOpenOption.READ)) {
      long offset = from - s.start();
      long stop = Math.min(ch.size(), limit - s.start());
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      CRC32C crc = new CRC32C();
      while (out.size() < max && offset < stop) {
        byte[] payload = frameAt(ch, offset, stop, header, crc);
        if (payload == null) {
          throw damaged(s, offset);
        }
        offset += HEADER + payload.length;
        out.add(new Entry(RecordCodec.decode(Buffer.buffer(payload)), s.start() + offset));
      }
    } catch (java.nio.file.NoSuchFileException e) {
      if (from < limit) {
        throw new Damaged("the usage journal segment " + s.path().getFileName() + " is missing: its records from "
            + from + " on cannot be shipped");
      }
      return out;
    }
    return out;
  }

  /**
   * The payload of the whole frame at {@code offset} of {@code ch} that ends by {@code stop} and whose CRC checks
   * out, or {@code null} when there is none there: a header cut short, a length of zero or out of bounds, a CRC that
   * does not match. Recovery takes that as the end of the records, the shipper's reader as damage.
   */
  private static byte[] frameAt(FileChannel ch, long offset, long stop, ByteBuffer header, CRC32C crc) throws IOException {
    header.clear();
    if (ch.read(header, offset) < HEADER) {
      return null;
    }
    header.flip();
    int length = header.getInt() & ~COMMIT_START;
    int expected = header.getInt();
    if (length <= 0 || length > MAX_RECORD || offset + HEADER + length > stop) {
      return null;
    }
    ByteBuffer payload = ByteBuffer.allocate(length);
    ch.read(payload, offset + HEADER);
    crc.reset();
    crc.update(payload.array());
    return (int) crc.getValue() == expected ? payload.array() : null;
  }

  private static IOException damaged(Segment s, long offset) {
    return new Damaged("the usage journal segment " + s.path().getFileName() + " is damaged at offset " + offset
        + ": its records from there on cannot be shipped (keep the file for investigation)");
  }

  /** Acknowledged records that cannot be read back; the message names the segment file and offset, nothing else. */
  public static final class Damaged extends IOException {
    Damaged(String message) {
      super(message);
    }
  }

  /** Waits until records past {@code position} are durable, or the timeout passes. */
  public void awaitDurable(long position, long timeoutMillis) throws InterruptedException {
    synchronized (durableSignal) {
      if (durableEnd <= position) {
        durableSignal.wait(timeoutMillis);
      }
    }
  }

  /**
   * PostgreSQL holds everything before {@code position} (the last of which has {@code seq}): checkpoint and clean up.
   * The checkpoint file is written (and synced) at most every {@link #CHECKPOINT_MILLIS}, and before a segment is
   * deleted; after a crash the shipper re-sends what came after it, which the database ignores. A checkpoint that
   * cannot be written (a full disk) does not keep the shipped segments: they are deleted all the same, which frees the
   * space it needs, and it is written at the next call; a restart meanwhile reads on from the oldest segment left.
   */
  public void shipped(long position, long lastSeq) throws IOException {
    if (!running) {
      // its directory may be another gateway's by now: no checkpoint, no deletion (what was shipped is sent again, ignored)
      throw new IOException("the usage journal is closed");
    }
    shippedPosition = position;
    shippedSeq = lastSeq;
    // the segments wholly before the position (never the active one) are no longer needed; decided on one snapshot:
    // the writer adds segments meanwhile, and a view of the live list (subList) throws when it does
    List<Segment> now = List.copyOf(segments);
    long keepFrom = Math.min(position, activeStart);
    // the segment holding the chain's last record stays while the one after it holds none: just after a roll (a
    // crash or a write error before the roll's first record) the newest segment is empty, and recovery continues
    // the chain from the record before it; deleted, the chain would start again at seq 1 after a restart
    int deletable = now.isEmpty() ? 0 : durableEnd > now.get(now.size() - 1).start() ? now.size() - 1 : now.size() - 2;
    int obsolete = 0;
    while (obsolete < deletable && now.get(obsolete + 1).start() <= keepFrom) {
      obsolete++;
    }
    long nanos = System.nanoTime();
    IOException notWritten = null;
    if (obsolete > 0 || nanos - checkpointNanos >= TimeUnit.MILLISECONDS.toNanos(CHECKPOINT_MILLIS)) {
      try {
        writeCheckpoint();
        checkpointNanos = nanos;
      } catch (IOException e) {
        notWritten = e;
      }
    }
    for (Segment s : now.subList(0, obsolete)) {
      Files.deleteIfExists(s.path());
      segments.remove(s);
    }
    if (notWritten != null) {
      throw notWritten;
    }
  }

  /**
   * The shipper's thread writes the checkpoint, and {@link #close} a last time: one at a time, each with the latest
   * position (read under the lock), so that a late writer never puts back a position below segments already deleted.
   */
  private synchronized void writeCheckpoint() throws IOException {
    long position = shippedPosition;
    long lastSeq = shippedSeq;
    if (position != checkpointPosition) {
      writeDurably(dir.resolve("shipped"), position + " " + lastSeq + "\n");
      checkpointPosition = position;
    }
  }

  private long[] readCheckpoint() throws IOException {
    Path file = dir.resolve("shipped");
    if (!Files.exists(file)) {
      return null;
    }
    String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
    return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
  }

  private static void writeDurably(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // some file systems cannot sync a directory; the rename is still atomic
    }
  }

  private void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // see writeDurably
    }
  }

  // -- state for metrics and the shipper --------------------------------------------------------------

  public long shippedPosition() {
    return shippedPosition;
  }

  public long durableEnd() {
    return durableEnd;
  }

  /** Bytes journaled but not yet in PostgreSQL: what {@code usage.journalMaxBytes} limits. */
  public long unshippedBytes() {
    return Math.max(0, durableEnd - shippedPosition);
  }

  /** The unshipped-bytes budget ({@code usage.journalMaxBytes}); lookups are refused when it is reached. */
  public long maxUnshippedBytes() {
    return maxUnshippedBytes;
  }

  /** Records journaled but not yet in PostgreSQL. */
  public long backlog() {
    return Math.max(0, durableSeq - shippedSeq);
  }

  public long durableSeq() {
    return durableSeq;
  }

  /** Group commits (write and fsync of a batch) so far: records journaled per commit is the batching achieved. */
  public long commits() {
    return commits;
  }

  /** Bytes of all segment files on disk. */
  public long bytesOnDisk() {
    long total = 0;
    for (Segment s : segments) {
      try {
        total += Files.size(s.path());
      } catch (IOException e) {
        // deleted meanwhile
      }
    }
    return total;
  }

  /**
   * Refuses every append from now on (503, readiness DOWN) until the gateway restarts, for {@code reason} (logged):
   * another gateway writes this instance's chain ({@link InstanceLease}).
   */
  public void stopWriting(String reason) {
    if (!broken) {
      broken = true;
      LOG.atError().log("the usage journal stops taking records; lookups are refused until the gateway restarts: " + reason);
    }
  }

  public boolean broken() {
    return broken;
  }

  /** The unshipped bytes reached {@code usage.journalMaxBytes}: lookups are refused until shipping frees room. */
  public boolean full() {
    return durableEnd - shippedPosition >= maxUnshippedBytes;
  }

  /** Stops accepting, writes what is queued, and closes. */
  @Override
  public void close() {
    running = false;
    try {
      writer.join(10_000);
      failQueued(); // handed over after the writer's last look (the writer is gone: nothing else takes them)
      preparer.shutdown();
      preparer.awaitTermination(10, TimeUnit.SECONDS);
      writeCheckpoint();
      if (active != null) {
        active.force(true);
        active.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("usage journal did not close cleanly", e);
    } finally {
      try {
        lock.close(); // releases the directory
      } catch (IOException e) {
        LOG.warn("could not release the usage journal's lock", e);
      } finally {
        claim.close();
      }
    }
  }
}
