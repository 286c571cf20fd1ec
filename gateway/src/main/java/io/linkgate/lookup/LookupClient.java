package io.linkgate.lookup;

import io.linkgate.cache.Fetched;
import io.linkgate.http.ProblemException;
import io.linkgate.upstream.Deadline;
import io.linkgate.upstream.GdxClient;
import io.linkgate.upstream.JsonScan;
import io.linkgate.upstream.LinkageStatus;
import io.linkgate.upstream.UpstreamEndpoint;
import io.linkgate.upstream.UpstreamProblems;
import io.linkgate.upstream.UpstreamResponse;
import io.linkgate.upstream.Upstreams;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Step 6: the upstream call of a lookup, through the endpoint's breaker and bulkhead, as the officer's GDX
 * agent. Linkage answers carry a status code in the body on refusal; not-found answers become
 * {@link Fetched.NotFound} (cacheable), other refusals fail with their mapped problem.
 */
final class LookupClient {

  static final Set<String> NOT_FOUND_CODES = Set.of("90500", "99992", "99994");

  private final GdxClient gdx;
  private final Upstreams upstreams;

  LookupClient(GdxClient gdx, Upstreams upstreams) {
    this.gdx = gdx;
    this.upstreams = upstreams;
  }

  /**
   * The call, noting on the lookup that the upstream was asked (the breaker and the bulkhead let an attempt through):
   * a lookup whose retry they turn away afterwards is not given its quotas back, the upstream having counted it.
   */
  private static java.util.function.Supplier<Future<io.linkgate.upstream.UpstreamResponse>> asked(LookupContext lc,
      java.util.function.Supplier<Future<io.linkgate.upstream.UpstreamResponse>> call) {
    return () -> {
      lc.upstreamAsked = true;
      return call.get();
    };
  }

  /** The lookup's upstream calls, all of them ending by {@code upstream.lookupTimeout} after {@code startNanos}. */
  Future<Fetched> fetch(LookupContext lc, long startNanos) {
    String agent = lc.session.officer().citizenId();
    Deadline deadline = gdx.lookupDeadline(startNanos);
    Dataset d = lc.dataset;
    if (d.linkage()) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("OfficeID", lc.agency.officeCode());
      query.put("ServiceID", d.linkageService());
      query.put("Version", lc.version);
      query.put("CitizenID", lc.target);
      return upstreams.endpoint(UpstreamEndpoint.LINKAGE_LINK)
          .call(true, deadline, asked(lc, () -> gdx.get(agent, "/ws/dopa/linkage/v1/link", query, deadline)), LookupClient::linkageFailed)
          .compose(LookupClient::linkageAnswer);
    }
    if (d == Dataset.JURISTIC) {
      return upstreams.endpoint(UpstreamEndpoint.JURISTIC)
          .call(true, deadline, asked(lc, () -> gdx.get(agent, "/ws/dbd/juristic/v1/juristic-person", Map.of("JuristicID", lc.target),
              deadline)), LookupClient::gdxFailed)
          .compose(r -> r.statusCode() == 404
              ? Future.succeededFuture(new Fetched.NotFound(LookupProblems.JURISTIC_NOT_FOUND.exception("DBD knows no juristic person with this id.")))
              : gdxAnswer(r));
    }
    LookupContext.CardCheck c = lc.cardCheck;
    Map<String, String> query = new LinkedHashMap<>();
    query.put("CitizenID", c.citizenId());
    query.put("FirstName", c.firstName());
    query.put("LastName", c.lastName());
    query.put("BEBirthDate", c.birthDate());
    query.put("LaserCode", c.laserCode());
    return upstreams.endpoint(UpstreamEndpoint.CARD_VERIFICATION)
        .call(true, deadline, asked(lc, () -> gdx.get(agent, "/ws/dopa/verification/personal", query, deadline)), GdxClient::notAVerdict)
        .compose(LookupClient::cardCheckAnswer);
  }

  /** The last answer {@link #linkageFailed} scanned on this thread, for {@link #linkageAnswer} to reuse. */
  private record CodeScan(io.vertx.core.buffer.Buffer body, JsonScan.Result result) {
  }

  private static final ThreadLocal<CodeScan> LAST_CODE_SCAN = new ThreadLocal<>();

  /**
   * An HTTP 200 in which the Linkage Center reports a failure of its own side (its back end timed out, the data
   * provider failed, an unknown status, not JSON): a failure of the upstream for the breaker, the metrics and
   * stale-if-error, unlike its refusals of this officer or citizen.
   */
  static boolean linkageFailed(UpstreamResponse r) {
    if (r.statusCode() != 200) {
      return false;
    }
    JsonScan.Result scan = JsonScan.field(r.body(), "Code");
    LAST_CODE_SCAN.set(new CodeScan(r.body(), scan));
    if (!scan.object()) {
      return true;
    }
    return scan.value() != null && UpstreamProblems.isUpstreamFailure(LinkageStatus.toProblem(scan.value()));
  }

  static Future<Fetched> linkageAnswer(UpstreamResponse r) {
    CodeScan last = LAST_CODE_SCAN.get();
    LAST_CODE_SCAN.remove();
    if (r.statusCode() != 200) {
      return Future.failedFuture(refusedByGdx(r.statusCode()));
    }
    // the breaker's check (linkageFailed) has just scanned this very answer on this thread: a person's answer has no
    // Code, so each scan reads it whole
    JsonScan.Result scan = last != null && last.body() == r.body() ? last.result() : JsonScan.field(r.body(), "Code");
    if (!scan.object()) {
      return Future.failedFuture(UpstreamProblems.ERROR.exception("The Linkage Center answered something that is not JSON."));
    }
    if (scan.value() != null) {
      String text = scan.value();
      ProblemException problem = LinkageStatus.toProblem(text);
      if (problem == null) {
        return Future.succeededFuture(new Fetched.Found(r.body()));
      }
      return NOT_FOUND_CODES.contains(text) ? Future.succeededFuture(new Fetched.NotFound(problem)) : Future.failedFuture(problem);
    }
    return Future.succeededFuture(new Fetched.Found(r.body()));
  }

  static Future<Fetched> gdxAnswer(UpstreamResponse r) {
    if (r.statusCode() != 200) {
      return Future.failedFuture(refusedByGdx(r.statusCode()));
    }
    if (!JsonScan.field(r.body(), null).object()) {
      return Future.failedFuture(UpstreamProblems.ERROR.exception("GDX answered something that is not a JSON object."));
    }
    return Future.succeededFuture(new Fetched.Found(r.body()));
  }

  /**
   * An HTTP 200 of GDX that is not one JSON object (an error page of a proxy, a truncated answer): a failure of the
   * upstream for the breaker and the metrics, as the Linkage Center's is.
   */
  static boolean gdxFailed(UpstreamResponse r) {
    return r.statusCode() == 200 && !JsonScan.field(r.body(), null).object();
  }

  /**
   * The laser-code check's answer: relayed only when it is the verdict, {@code Result} a JSON boolean. Anything else
   * ({@code "Result": "false"}, null, missing) is a broken answer, 502 upstream-error: relayed, an agency system reading
   * {@code Result} as truthy would take the string "false" for a genuine card.
   */
  static Future<Fetched> cardCheckAnswer(UpstreamResponse r) {
    return gdxAnswer(r).compose(found -> GdxClient.result(r) != null ? Future.succeededFuture(found)
        : Future.failedFuture(UpstreamProblems.ERROR.exception("GDX's laser-code check answered without a true or false Result.")));
  }

  /** GDX refused the gateway itself (key, token, permission): the agency must fix its GDX set-up. */
  private static ProblemException refusedByGdx(int status) {
    return GdxClient.UPSTREAM_REFUSED.exception("GDX refused the call with HTTP " + status
        + "; the agency's GDX credentials or permissions need attention.").with("upstreamStatus", status);
  }
}
