package io.linkgate.upstream;

import io.linkgate.http.ProblemException;
import io.linkgate.http.ProblemType;
import java.util.Set;

/** Failures of the upstream itself (as opposed to its answers): these may be covered by a stale cached answer. */
public final class UpstreamProblems {

  private UpstreamProblems() {
  }

  public static final ProblemType UNAVAILABLE = GdxClient.UPSTREAM_UNAVAILABLE;
  public static final ProblemType TIMEOUT = GdxClient.UPSTREAM_TIMEOUT;
  public static final ProblemType CIRCUIT_OPEN = new ProblemType("upstream-circuit-open", "Upstream temporarily cut off", 503);
  public static final ProblemType BUSY = new ProblemType("upstream-busy", "Too many calls in flight to the upstream", 503);
  public static final ProblemType ERROR = new ProblemType("upstream-error", "The upstream failed", 502);

  private static final Set<ProblemType> FAILURES = Set.of(UNAVAILABLE, TIMEOUT, CIRCUIT_OPEN, BUSY, ERROR, GdxClient.UPSTREAM_REFUSED);

  /** The gateway's own protection answered (circuit open, bulkhead full): the upstream was not asked this time. */
  public static boolean refusedBeforeCalling(ProblemException p) {
    return p.type() == CIRCUIT_OPEN || p.type() == BUSY;
  }

  /**
   * A failure of the upstream: the gateway's own verdicts above, and the Linkage Center's reports of its own side
   * failing (5xx statuses: its back end timed out, the data provider failed, an unrecognised status or answer);
   * not a face image too large for one record (99983, a 502 about that record).
   */
  public static boolean isUpstreamFailure(Throwable t) {
    if (!(t instanceof ProblemException p)) {
      return false;
    }
    return FAILURES.contains(p.type()) || (p.type().slug().startsWith("linkage-") && p.type().status() >= 500
        && !p.type().slug().equals("linkage-face-image-too-large"));
  }
}
