package io.linkgate.lookup;

import io.linkgate.cache.CacheStatus;
import io.linkgate.cache.Fetched;
import io.linkgate.cache.LookupCache;
import io.linkgate.http.CorrelationId;
import io.linkgate.http.FailureHandler;
import io.linkgate.http.ProblemException;
import io.linkgate.http.ProblemResponder;
import io.linkgate.ratelimit.RateLimiter;
import io.linkgate.registry.AgencyDirectory;
import io.linkgate.session.SessionStore;
import io.linkgate.upstream.GdxClient;
import io.linkgate.upstream.UpstreamProblems;
import io.linkgate.upstream.Upstreams;
import io.linkgate.usage.Outcome;
import io.linkgate.usage.UsageRecord;
import io.linkgate.usage.UsageRecorder;
import io.linkgate.usage.Uuid7;
import io.linkgate.usage.UuidText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The lookup endpoints and their fixed policy chain: agency key, card session, authorization, input, limits,
 * then cache and upstream. Every request, allowed or refused, ends in one place that writes its usage
 * record before the response leaves (and answers 503 if the record cannot be written).
 */
public final class LookupRoutes {

  // the answer's header names and fixed values, encoded once (Vert.x checks and copies them as bytes)
  private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json; charset=utf-8");
  private static final CharSequence RATE_LIMIT_POLICY = HttpHeaders.createOptimized("RateLimit-Policy");
  private static final CharSequence RATE_LIMIT = HttpHeaders.createOptimized("RateLimit");
  private static final CharSequence X_CACHE = HttpHeaders.createOptimized("X-Cache");
  private static final CharSequence X_USAGE_ID = HttpHeaders.createOptimized("X-Usage-Id");
  private static final CharSequence[] CACHE_STATUS = Arrays.stream(CacheStatus.values())
      .map(s -> HttpHeaders.createOptimized(s.name())).toArray(CharSequence[]::new);

  private final Handler<RoutingContext> agencyKey;
  private final Handler<RoutingContext> session;
  private final Handler<RoutingContext> consoleClient;
  private final boolean console;
  private final Handler<RoutingContext> authorization;
  private final Handler<RoutingContext> input = new InputPolicy();
  private final Handler<RoutingContext> limits;
  private final LookupCache cache;
  private final LookupClient client;
  private final UsageRecorder usage;
  private final Clock clock;
  private final MeterRegistry registry;
  // request timers by their tags, so that the hot path does not go through the registry's lookup
  private final Map<RequestTags, Timer> timers = new ConcurrentHashMap<>();
  private final int maxBodySize;
  private final UnidentifiedRefusals unidentified;
  // lookups between their arrival and their usage record: a stop waits for them before it closes the journal
  private final java.util.concurrent.atomic.AtomicInteger unsettled = new java.util.concurrent.atomic.AtomicInteger();

  public LookupRoutes(AgencyDirectory agencies, SessionStore sessions, RateLimiter limiter, LookupCache cache, GdxClient gdx,
                      Upstreams upstreams, UsageRecorder usage, UnidentifiedRefusals unidentified, Clock clock,
                      MeterRegistry registry, int maxBodySize, boolean console) {
    this.agencyKey = new AgencyKeyPolicy(agencies);
    this.session = new SessionPolicy(sessions);
    this.consoleClient = new ConsoleClientPolicy(sessions, agencies);
    this.console = console;
    this.authorization = new AuthorizationPolicy(agencies);
    this.limits = new RateLimitPolicy(limiter);
    this.cache = cache;
    this.client = new LookupClient(gdx, upstreams);
    this.usage = usage;
    this.unidentified = unidentified;
    this.clock = clock;
    this.registry = registry;
    this.maxBodySize = maxBodySize;
  }

  public void mount(Router router) {
    chain(router.route(HttpMethod.GET, "/v1/linkage/persons/:cid"), ctx -> Dataset.PERSON);
    chain(router.route(HttpMethod.GET, "/v1/linkage/persons/:cid/house"), ctx -> Dataset.HOUSE);
    chain(router.route(HttpMethod.GET, "/v1/linkage/services/:serviceId/:cid"), ctx -> {
      String id = ctx.pathParam("serviceId");
      return InputPolicy.validServiceId(id) ? Dataset.linkageService(id) : null;
    });
    Route cardChecks = router.route(HttpMethod.POST, "/v1/gdx/card-checks");
    cardChecks.handler(BodyHandler.create(false).setBodyLimit(maxBodySize));
    chain(cardChecks, ctx -> Dataset.CARD_CHECK);
    chain(router.route(HttpMethod.GET, "/v1/gdx/juristic-persons/:juristicId"), ctx -> Dataset.JURISTIC);
    if (console) {
      // the web console's lookups: the agency is the card session's own (no agency key in the browser)
      consoleChain(router.route(HttpMethod.GET, "/v1/console/linkage/persons/:cid"), ctx -> Dataset.PERSON);
      consoleChain(router.route(HttpMethod.GET, "/v1/console/linkage/persons/:cid/house"), ctx -> Dataset.HOUSE);
    }
  }

  private void chain(Route route, Function<RoutingContext, Dataset> dataset) {
    start(route, dataset)
        .handler(agencyKey)
        .handler(session);
    rest(route);
  }

  private void consoleChain(Route route, Function<RoutingContext, Dataset> dataset) {
    start(route, dataset)
        .handler(consoleClient);
    rest(route);
  }

  private Route start(Route route, Function<RoutingContext, Dataset> dataset) {
    return route.handler(ctx -> {
          LookupContext lc = new LookupContext(Uuid7.at(clock.millis()), clock.instant(), System.nanoTime(), route.getPath());
          unsettled.incrementAndGet();
          lc.dataset = dataset.apply(ctx);
          ctx.put(LookupContext.KEY, lc);
          ctx.next();
        });
  }

  private void rest(Route route) {
    route.handler(authorization)
        .handler(input)
        .handler(limits)
        .handler(this::lookup)
        .failureHandler(this::refused);
  }

  /** Steps 5 and 6: the cache, and on a miss the upstream. */
  private void lookup(RoutingContext ctx) {
    LookupContext lc = LookupContext.of(ctx);
    LookupCache.Key key = new LookupCache.Key(lc.upstreamName(), lc.version, lc.target);
    long start = System.nanoTime(); // upstream.lookupTimeout counts from here (a waiter asking for itself included)
    cache.get(lc.dataset.cache(), key, () -> client.fetch(lc, start)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      lc.cache = ar.result().status();
      if (ar.result().answer() instanceof Fetched.Found found) {
        finish(ctx, lc, Outcome.SERVED, 200, null, () -> {
          HttpServerResponse response = ctx.response();
          response.putHeader(CONTENT_TYPE, JSON).end(found.body());
        });
      } else {
        ProblemException notFound = ((Fetched.NotFound) ar.result().answer()).problem();
        finish(ctx, lc, Outcome.SERVED, notFound.type().status(), notFound.type().slug(), () -> ProblemResponder.send(ctx, notFound));
      }
    });
  }

  /** The boundary for every refusal and failure of the chain. */
  private void refused(RoutingContext ctx) {
    ProblemException problem = FailureHandler.toProblem(ctx);
    LookupContext lc = ctx.get(LookupContext.KEY);
    if (lc == null) {
      ProblemResponder.send(ctx, problem);
      return;
    }
    int status = problem.type().status();
    if (lc.agency == null && status < 500 && !unidentified.record(System.nanoTime())) {
      // nobody's lookup, past the bound on recording them: answered alike, counted, not recorded
      settle(lc);
      observe(lc, Outcome.REFUSED, status);
      ProblemResponder.send(ctx, problem);
      return;
    }
    if (lc.target == null) {
      lc.target = InputPolicy.attemptedCitizenId(ctx, lc.dataset); // refused before the input was read
    }
    Outcome outcome = UpstreamProblems.isUpstreamFailure(problem) ? Outcome.UPSTREAM_ERROR
        : status >= 500 ? Outcome.ERROR : Outcome.REFUSED;
    if (lc.admission != null && UpstreamProblems.refusedBeforeCalling(problem) && !lc.upstreamAsked) {
      // turned away by the gateway's own protection before any call of its own, nothing served: no quota spent (a
      // retry turned away after a call that failed keeps it: the upstream counted that call)
      lc.admission.giveBack();
    }
    finish(ctx, lc, outcome, status, problem.type().slug(), () -> ProblemResponder.send(ctx, problem));
  }

  /** Writes the usage record, then (only then) the response; without a record the lookup is refused with 503. */
  private void finish(RoutingContext ctx, LookupContext lc, Outcome outcome, int status, String problem, Runnable respond) {
    long micros = (System.nanoTime() - lc.startNanos) / 1000;
    UsageRecord record = new UsageRecord(lc.usageId, lc.at,
        lc.agency == null ? null : lc.agency.code(), lc.agency == null ? null : lc.agency.officeCode(),
        lc.session == null ? null : lc.session.officer().id(), lc.session == null ? null : lc.session.id(),
        lc.session == null ? null : lc.session.deviceId(), lc.serviceCode,
        lc.dataset == null ? null : lc.dataset.name(), lc.upstreamName(), lc.requestRef, outcome, status, problem, micros,
        lc.cache == null ? null : lc.cache.name(), lc.targetCitizenId(), CorrelationId.of(ctx));
    usage.record(record).onComplete(ar -> {
      settle(lc);
      HttpServerResponse response = ctx.response();
      if (response.closed() || response.ended()) {
        // the client gave up (often the slowest lookups, during an incident): still measured, as recorded
        observe(lc, ar.succeeded() ? outcome : Outcome.ERROR, ar.succeeded() ? status : 503);
        return;
      }
      // Cache-Control: no-store is every answer's default (CorrelationId)
      if (lc.admission != null) {
        response.putHeader(RATE_LIMIT_POLICY, lc.admission.policyHeader());
        response.putHeader(RATE_LIMIT, lc.admission.rateLimitHeader());
      }
      if (lc.cache != null) {
        response.putHeader(X_CACHE, CACHE_STATUS[lc.cache.ordinal()]);
      }
      if (ar.succeeded()) {
        response.putHeader(X_USAGE_ID, UuidText.ascii(lc.usageId));
        observe(lc, outcome, status);
        respond.run();
      } else {
        ProblemException refusal = ar.cause() instanceof ProblemException p ? p
            : io.linkgate.usage.Journal.UNAVAILABLE.exception("The usage log could not take the record.");
        observe(lc, Outcome.ERROR, refusal.type().status());
        ProblemResponder.send(ctx, refusal);
      }
    });
  }

  private void settle(LookupContext lc) {
    if (!lc.settled) {
      lc.settled = true;
      unsettled.decrementAndGet();
    }
  }

  /**
   * Waits, on the stopping thread (never an event loop), until every lookup that arrived has its usage record written
   * or refused, at most {@code max}: the API servers' grace period can end while lookups wait on their upstream
   * ({@code upstream.lookupTimeout} counts from the lookup step), and their records must reach the journal before it
   * closes. How many are still unsettled at the end (0 when none).
   */
  public int awaitSettled(Duration max) throws InterruptedException {
    long until = System.nanoTime() + max.toNanos();
    while (unsettled.get() > 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    return Math.max(0, unsettled.get());
  }

  private void observe(LookupContext lc, Outcome outcome, int status) {
    RequestTags tags = new RequestTags(lc.route, lc.dataset == null ? "none" : lc.dataset.metricTag(), outcome, status / 100,
        lc.agency == null ? "unknown" : lc.agency.code());
    timers.computeIfAbsent(tags, this::timer).record(System.nanoTime() - lc.startNanos, TimeUnit.NANOSECONDS);
    if (lc.cache == CacheStatus.STALE) {
      Counter.builder("linkgate.cache.stale_served").description("Answers served from the cache after expiry because the upstream failed")
          .tag("dataset", lc.dataset.metricTag()).register(registry).increment();
    }
  }

  /** The tags of a request timer: all from the gateway's own finite sets (routes, datasets, outcomes, registered agencies). */
  private record RequestTags(String route, String dataset, Outcome outcome, int statusClass, String agency) {
  }

  private Timer timer(RequestTags t) {
    return Timer.builder("linkgate.requests")
        .description("Lookups from the router to the answer (usage record durable), by route, dataset, outcome, status class and agency")
        .tags("route", t.route(), "dataset", t.dataset(), "outcome", t.outcome().name().toLowerCase(java.util.Locale.ROOT),
            "status_class", t.statusClass() + "xx", "agency", t.agency())
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15))
        .register(registry);
  }

}
