package io.linkgate;

import io.linkgate.config.GatewayConfig;
import io.linkgate.usage.Journal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code usage journal}: the records of a usage journal as JSON lines, as the journal stores them (the citizen ID only
 * as its keyed hash and ciphertext), for an investigation: a journal a start-up refused (behind the database, damaged)
 * or one moved aside, whose records may be found nowhere else. Reads the files only: no lock, nothing written.
 */
final class UsageJournalCommand {

  private UsageJournalCommand() {
  }

  static int run(GatewayConfig config, PrintStream out, PrintStream err) {
    Path dir = config.usage().journalDirectory().orElse(config.dataDirectory().resolve("journal"));
    try {
      if (!Files.isDirectory(dir) || !Files.exists(dir.resolve("instance-id"))) {
        err.println("linkgate: no usage journal in " + dir + " (point --data-dir at the gateway's data directory, or set "
            + "usage.journalDirectory)");
        return Main.EXIT_USAGE;
      }
      String instance = Files.readString(dir.resolve("instance-id")).trim();
      Journal.Export export = Journal.export(dir, line -> {
        out.write(line, 0, line.length);
        out.write('\n');
      });
      out.flush();
      for (String d : export.damage()) {
        err.println("linkgate: " + d);
      }
      for (String name : export.removedWhileReading()) {
        err.println("linkgate: segment " + name + " was removed while reading (a running gateway shipped its records to "
            + "PostgreSQL and dropped it): its records are in the database, not in this read-out");
      }
      err.println("linkgate: " + export.records() + " record(s) of instance " + instance
          + (export.records() == 0 ? "" : ", seq " + export.firstSeq() + " to " + export.lastSeq())
          + (export.damage().isEmpty() ? "" : "; " + export.damage().size() + " damaged place(s)"));
      return export.damage().isEmpty() ? Main.EXIT_OK : Main.EXIT_TAMPERED;
    } catch (IOException e) {
      err.println("linkgate: the usage journal in " + dir + " could not be read: " + e.getMessage());
      return Main.EXIT_FAILED;
    }
  }
}
