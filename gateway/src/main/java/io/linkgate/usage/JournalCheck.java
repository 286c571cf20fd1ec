package io.linkgate.usage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;

/**
 * The journal against the database's record of its chain, at start-up before anything is appended or shipped. The
 * instance id lives in the journal's directory, so a directory restored from a backup or copied (a cloned VM, a
 * volume snapshot given to two containers) starts under an id whose chain PostgreSQL already holds further than the
 * journal does: writing on would give new records seq numbers the instance's chain already has, which
 * {@code usage verify} reports as INSERTED and BROKEN_LINK, and two copies running at once interleave one chain.
 * Such a journal stops the gateway. An id PostgreSQL does not know (a new journal), and a journal ahead of the
 * database (records not yet shipped), start as usual.
 */
public final class JournalCheck {

  /**
   * The highest seq PostgreSQL holds for the instance: its records (index {@code usage_log_chain} on
   * {@code (instance_id, seq)}, one probe per partition) and the mark where retention dropped its oldest.
   */
  private static final String HIGHEST = """
      SELECT greatest((SELECT max(seq) FROM usage_log WHERE instance_id = $1),
                      (SELECT seq FROM usage_chain_retained WHERE instance_id = $1))""";
  /** The hashes PostgreSQL holds at one seq of the instance (more than one when copies wrote the chain already). */
  private static final String AT = """
      SELECT hash FROM usage_log WHERE instance_id = $1 AND seq = $2
      UNION ALL SELECT hash FROM usage_chain_retained WHERE instance_id = $1 AND seq = $2""";

  private JournalCheck() {
  }

  /** The journal's chain is behind the database's: not this instance's latest state. */
  public static final class Behind extends IllegalStateException {
    Behind(String message) {
      super(message);
    }
  }

  /** Fails with {@link Behind} when PostgreSQL holds the journal's instance further than the journal. Changes nothing. */
  public static Future<Void> verify(Pool pool, Journal journal) {
    String instance = journal.instanceId();
    Journal.Tip tip = journal.opened();
    long backlog = journal.backlog();
    String dir = journal.directory().toAbsolutePath().toString();
    return pool.preparedQuery(HIGHEST).execute(Tuple.of(instance)).compose(rows -> {
      Long highest = rows.iterator().next().getLong(0);
      if (highest == null || highest <= tip.seq()) {
        return Future.succeededFuture();
      }
      Future<Shared> shared = tip.seq() == 0 ? Future.succeededFuture(Shared.YES)
          : pool.preparedQuery(AT).execute(Tuple.of(instance, tip.seq())).map(at -> {
            for (Row row : at) {
              if (MessageDigest.isEqual(row.getBuffer(0).getBytes(), tip.hash())) {
                return Shared.YES;
              }
            }
            return at.size() == 0 ? Shared.UNKNOWN : Shared.NO;
          });
      return shared.compose(s -> Future.failedFuture(new Behind(message(dir, instance, highest, tip.seq(), backlog, s))));
    });
  }

  /** Whether PostgreSQL holds the journal's last record: then it holds (or held) every record of the journal. */
  enum Shared { YES, NO, UNKNOWN }

  static String message(String dir, String instance, long highest, long seq, long backlog, Shared shared) {
    String found = "the usage journal in " + dir + " is behind the database: PostgreSQL holds the records of its instance "
        + instance + " up to seq " + highest + ", the journal's last record is seq " + seq + ". It is not this instance's latest"
        + " state (a data directory restored from a backup, or copied from another instance): its next records would take"
        + " seq numbers the instance's chain already has, which usage verify reports as INSERTED and BROKEN_LINK. ";
    String startAnew = "move " + dir + " aside (rename it) and start again: the gateway starts a new journal under a new"
        + " instance id (removing only its instance-id file is not enough: the chain would go on from seq " + seq + ").";
    String keep = " this journal may hold records found nowhere else (" + backlog + " not yet shipped by its own count). Do"
        + " not delete it: keep it for investigation ('usage journal' reads its records out), and " + startAnew;
    return found + switch (shared) {
      case YES -> (seq == 0 ? "The journal holds no record. " : "Its records are all in PostgreSQL already (its record at seq "
          + seq + " is the one PostgreSQL holds). ")
          + "If that instance still runs elsewhere, give this gateway a data directory of its own; if its newer journal still"
          + " exists (the disk it ran on, a later backup), start on that one, which may hold records not yet shipped; otherwise "
          + startAnew;
      case NO -> "Its record at seq " + seq + " is not the one PostgreSQL holds: another copy wrote under the same instance id,"
          + " and" + keep;
      case UNKNOWN -> "PostgreSQL holds no record at seq " + seq + " any more (retention dropped its month, or it was deleted),"
          + " so whether the journal's records are all there cannot be told:" + keep;
    };
  }
}
