package io.linkgate.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * The disk's own floor under a durable usage record: LinkGate answers a lookup only once its record's group commit
 * is synced, so at any load the added latency includes at least one {@code fdatasync} of the journal's disk. This
 * writes as the journal does (a preallocated, zero-filled, synced segment overwritten in order, {@code --bytes} per
 * commit, each followed by {@code force(false)}, i.e. {@code fdatasync}) for {@code --seconds}, one commit after
 * another, and prints the sync times as one JSON line ({@code BENCH_JSON {...}}): count, p50, p90, p99, p99.9 and
 * max in microseconds, and the share of time spent in syncs beyond 2 ms. Run on an otherwise idle machine, it says how much of LinkGate's latency tail is the disk's.
 * {@code Bench disk-sync --dir DIR [--seconds 10] [--bytes 2048]}; the file is deleted at the end.
 */
public final class DiskSync {

  private static final long SEGMENT = 64L << 20;

  private DiskSync() {
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = Bench.options(args);
    Path dir = Path.of(required(opts, "dir"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "10"));
    int bytes = Integer.parseInt(opts.getOrDefault("bytes", "2048"));
    if (seconds < 1 || seconds > 600 || bytes < 1 || bytes > (1 << 20)) {
      throw new IllegalArgumentException("--seconds 1..600 and --bytes 1..1048576");
    }
    System.out.println("BENCH_JSON " + measure(dir, seconds * 1_000_000_000L, bytes).encode());
  }

  static JsonObject measure(Path dir, long nanos, int bytes) throws IOException {
    Path file = Files.createTempFile(dir, "disk-sync-", ".probe");
    long[] took = new long[1 << 16];
    int n = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
      for (long at = 0; at < SEGMENT; at += zeros.capacity()) {
        zeros.clear();
        ch.write(zeros, at);
      }
      ch.force(true);
      ByteBuffer commit = ByteBuffer.allocateDirect(bytes);
      for (int i = 0; i < bytes; i++) {
        commit.put(i, (byte) ('a' + i % 26));
      }
      long position = 0;
      long end = System.nanoTime() + nanos;
      while (System.nanoTime() < end) {
        if (position + bytes > SEGMENT) {
          position = 0;
        }
        commit.clear();
        while (commit.hasRemaining()) {
          position += ch.write(commit, position);
        }
        long start = System.nanoTime();
        ch.force(false);
        if (n == took.length) {
          took = Arrays.copyOf(took, n * 2);
        }
        took[n++] = System.nanoTime() - start;
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return summary(Arrays.copyOf(took, n), bytes, nanos);
  }

  /**
   * Count and percentiles (nearest rank) of sync times in nanoseconds, in microseconds; and how often a moment falls in
   * a sync that still has more than 2 ms to go ({@code stallOver2msPercent}: the sum over syncs of their time beyond
   * 2 ms, over {@code elapsedNanos}). Every answer waits for a sync: one arriving at a random moment waits for the
   * rest of the sync in progress, so this share, not the syncs' own p99, is the share of answers the disk alone
   * delays by more than 2 ms (a 40 ms sync in every 10,000 is 0.01 % of the syncs but 0.4 % of the time).
   */
  static JsonObject summary(long[] nanos, int bytes, long elapsedNanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    long beyond = 0;
    for (long d : sorted) {
      beyond += Math.max(0, d - 2_000_000L);
    }
    return new JsonObject()
        .put("stallOver2msPercent", Math.round(100_000.0 * beyond / elapsedNanos) / 1000.0)
        .put("bytesPerSync", bytes)
        .put("syncs", sorted.length)
        .put("p50us", percentile(sorted, 0.50))
        .put("p90us", percentile(sorted, 0.90))
        .put("p99us", percentile(sorted, 0.99))
        .put("p999us", percentile(sorted, 0.999))
        .put("maxus", sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000);
  }

  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1000;
  }

  private static String required(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }
}
