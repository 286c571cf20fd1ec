package io.linkgate.usage;

import io.linkgate.config.ConfigException;
import io.linkgate.config.ConfigNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The usage log's journal, shipping, retention and optional JSON-lines sink. */
public record UsageConfig(Optional<Path> journalDirectory, long journalMaxBytes, long segmentBytes, int shipBatch,
                          Duration shipInterval, Duration shipLinger, int retentionMonths, int partitionsAhead,
                          long streamMaxLag, Sink sink, Optional<Path> sinkFile, double unidentifiedRecordsPerSecond) {

  public enum Sink { NONE, STDOUT, FILE }

  public static UsageConfig from(ConfigNode node) {
    long segment = node.bytes("segmentBytes", 64 * 1024, 1024L * 1024 * 1024);
    long max = node.bytes("journalMaxBytes", 1024 * 1024, 1024L * 1024 * 1024 * 1024);
    if (max < 2 * segment) {
      throw new ConfigException(node.key("journalMaxBytes"), "must be at least two segments (2 x segmentBytes)");
    }
    Sink sink = node.enumValue("sink", Sink.class);
    Optional<Path> sinkFile = path(node, "sinkFile");
    if (sink == Sink.FILE && sinkFile.isEmpty()) {
      throw new ConfigException(node.key("sinkFile"), "is required when sink is file");
    }
    return new UsageConfig(path(node, "journalDirectory"), max, segment, node.integer("shipBatch", 1, 100_000),
        node.duration("shipInterval", Duration.ofMillis(10), Duration.ofMinutes(1)),
        node.duration("shipLinger", Duration.ZERO, Duration.ofSeconds(10)), node.integer("retentionMonths", 0, 1200),
        node.integer("partitionsAhead", 1, 24), node.bytes("streamMaxLag", 1024, 64L * 1024 * 1024), sink, sinkFile,
        node.integer("unidentifiedRecordsPerSecond", 0, 100_000));
  }

  private static Optional<Path> path(ConfigNode node, String name) {
    String text = node.string(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(text).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      throw new ConfigException(node.key(name), "is not a valid path: " + e.getReason());
    }
  }
}
