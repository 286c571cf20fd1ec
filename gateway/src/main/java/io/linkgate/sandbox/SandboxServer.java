package io.linkgate.sandbox;

import io.linkgate.citizen.CitizenId;
import io.linkgate.http.InvalidRequests;
import io.linkgate.http.ProblemException;
import io.linkgate.http.ProblemResponder;
import io.linkgate.http.ProblemType;
import io.linkgate.http.Problems;
import io.linkgate.http.UriEscapes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The simulated Linkage Center and GDX, shaped like the real systems (the design brief's DOMAIN.md): GDX token issue, Linkage
 * queries (services 001 and 027) and agent permission, the laser-code check, a DBD juristic-person API,
 * plus {@code /sandbox/*} calls to switch faults and latency at run time, and its own {@code /metrics}.
 *
 * <p>GDX-level failures (key, token, injected errors) are HTTP statuses; Linkage refusals are HTTP 200
 * with the Linkage status in the body: {@code {"Code":"90500","Message":"..."}}.
 */
public final class SandboxServer extends VerticleBase {

  static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
  private static final Pattern OFFICE_ID = Pattern.compile("\\d{5}");
  private static final Pattern LASER = Pattern.compile("[A-Z]{2}\\d{10}");
  private static final Pattern BE_DATE = Pattern.compile("\\d{8}");
  private static final ProblemType TOO_MANY_OVERRIDES = new ProblemType("sandbox-overrides-full", "Too many sandbox overrides", 429);

  /** The longest the sandbox keeps a call waiting: the longest latency sample plus the most added latency. */
  static final Duration MAX_DELAY = LatencyModel.MAX_SAMPLE.plus(Fault.MAX_ADDED_LATENCY);
  /** Above {@link #MAX_DELAY}: a delayed answer is sent, not turned into a dropped connection. */
  static final Duration IDLE_TIMEOUT = MAX_DELAY.plusSeconds(30);

  private static final InvalidRequests INVALID_REQUESTS = new InvalidRequests(HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH,
      HttpServerOptions.DEFAULT_MAX_HEADER_SIZE);

  private final Sandbox sandbox;
  private HttpServer server;

  public SandboxServer(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      if (UriEscapes.firstBadCharacter(ctx.request().uri()) >= 0) {
        error(ctx, 400, "malformed percent-escape or a control character in the request URI");
      } else {
        ctx.next();
      }
    });
    router.get("/ws/auth/validate").handler(this::validate);
    router.get("/ws/dopa/linkage/v1/link").handler(gdx(SandboxEndpoint.LINKAGE_LINK, this::link));
    router.get("/ws/dopa/linkage/v1/agent/permission").handler(gdx(SandboxEndpoint.AGENT_PERMISSION, this::permission));
    router.get("/ws/dopa/verification/personal").handler(gdx(SandboxEndpoint.CARD_VERIFICATION, this::verification));
    router.get("/ws/dbd/juristic/v1/juristic-person").handler(gdx(SandboxEndpoint.JURISTIC, this::juristic));
    // no file uploads: BodyHandler.create() would keep every multipart file part in ./file-uploads for good
    router.post("/ws/dopa/card/verify").handler(BodyHandler.create(false).setBodyLimit(4096));
    router.post("/ws/dopa/card/verify").handler(gdx(SandboxEndpoint.CARD_AUTHORITY, this::cardVerify));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(sandbox.registry().scrape()));
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.route("/sandbox/*").handler(BodyHandler.create(false).setBodyLimit(4096));
    router.route("/sandbox/*").failureHandler(ctx -> error(ctx, ctx.statusCode() == 413 ? 413 : 500,
        ctx.statusCode() == 413 ? "the body is larger than 4096 bytes" : "the sandbox failed to handle the call"));
    new SandboxAdmin(sandbox).mount(router);
    router.route().last().handler(ctx -> error(ctx, 404, "no such sandbox endpoint"));
    server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout((int) IDLE_TIMEOUT.toSeconds()).setHttp2ClearTextEnabled(false))
        .invalidRequestHandler(this::invalidRequest);
    return server.requestHandler(router).listen(sandbox.config().port(), sandbox.config().host());
  }

  public int actualPort() {
    return server.actualPort();
  }

  /**
   * What the HTTP codec could not read (request line over 4096 bytes, headers over 8 KB, malformed): answered with
   * its reason as the GDX-shaped endpoints answer, {@code {"Message": ...}} (the path is unknown by then), then the
   * connection is closed as Vert.x's default does. The URI is not echoed.
   */
  private void invalidRequest(HttpServerRequest request) {
    ProblemException problem = INVALID_REQUESTS.problem(request);
    request.response().setStatusCode(problem.type().status()).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Connection", "close").end(new JsonObject().put("Message", problem.detail()).encode())
        .onComplete(done -> request.connection().close());
  }

  // -- GDX token -----------------------------------------------------------------------------------

  private void validate(RoutingContext ctx) {
    SandboxEndpoint endpoint = SandboxEndpoint.GDX_AUTH;
    afterFaults(ctx, endpoint, () -> {
      String key = ctx.request().getHeader("Consumer-Key");
      if (key == null || !key.equals(sandbox.config().consumerKey())) {
        answer(ctx, endpoint, "forbidden", 403, new JsonObject().put("Message", "Consumer-Key missing or unknown"));
        return;
      }
      String secret = ctx.request().getParam("ConsumerSecret");
      String agent = ctx.request().getParam("AgentID");
      if (secret == null || !secret.equals(sandbox.config().consumerSecret())) {
        answer(ctx, endpoint, "unauthorized", 401, new JsonObject().put("Message", "ConsumerSecret is wrong"));
        return;
      }
      if (agent == null || agent.isBlank() || agent.length() > 64) {
        answer(ctx, endpoint, "bad_request", 400, new JsonObject().put("Message", "AgentID is required"));
        return;
      }
      answer(ctx, endpoint, "ok", 200, new JsonObject().put("Result", sandbox.tokens().issue(agent)));
    });
  }

  // -- Linkage -------------------------------------------------------------------------------------

  private void link(RoutingContext ctx, String agentId) {
    String office = ctx.request().getParam("OfficeID");
    String service = ctx.request().getParam("ServiceID");
    String version = ctx.request().getParam("Version");
    String cid = ctx.request().getParam("CitizenID");
    SandboxEndpoint endpoint = SandboxEndpoint.LINKAGE_LINK;
    if (sandbox.agentState(agentId) == Sandbox.AgentState.AgentNotAvailable) {
      refuse(ctx, endpoint, "90001", "เจ้าหน้าที่ยังไม่ได้เข้าสู่ระบบ (officer not logged in)");
    } else if (office == null || !OFFICE_ID.matcher(office).matches()) {
      refuse(ctx, endpoint, "95005", "ไม่พบรหัสสำนักงาน (no office code)");
    } else if (!"001".equals(service) && !"027".equals(service)) {
      refuse(ctx, endpoint, "95012", "ไม่พบบริการ (service not found)");
    } else if (!"01".equals(version)) {
      refuse(ctx, endpoint, "95017", "บริการไม่รองรับรุ่นนี้ (version not supported)");
    } else {
      Optional<Population.Person> person = cid == null ? Optional.empty() : sandbox.population().person(cid);
      if (person.isEmpty()) {
        refuse(ctx, endpoint, "90500", "ไม่พบข้อมูล (data not found)");
      } else if (service.equals("001")) {
        answer(ctx, endpoint, "ok", 200, person.get().toLinkageJson(LocalDate.now(sandbox.clock().withZone(BANGKOK))));
      } else {
        answer(ctx, endpoint, "ok", 200, person.get().toHouseJson());
      }
    }
  }

  private void permission(RoutingContext ctx, String agentId) {
    String cid = ctx.request().getParam("CitizenID");
    SandboxEndpoint endpoint = SandboxEndpoint.AGENT_PERMISSION;
    if (cid == null || !CitizenId.isValid(cid)) {
      answer(ctx, endpoint, "bad_request", 400, new JsonObject().put("Message", "CitizenID must be a valid 13-digit citizen ID"));
      return;
    }
    answer(ctx, endpoint, "ok", 200, new JsonObject()
        .put("AgentID", agentId)
        .put("CitizenID", cid)
        .put("SessionState", sandbox.agentState(cid).name()));
  }

  // -- GDX data APIs -------------------------------------------------------------------------------

  private void verification(RoutingContext ctx, String agentId) {
    SandboxEndpoint endpoint = SandboxEndpoint.CARD_VERIFICATION;
    String cid = ctx.request().getParam("CitizenID");
    String first = ctx.request().getParam("FirstName");
    String last = ctx.request().getParam("LastName");
    String birth = ctx.request().getParam("BEBirthDate");
    String laser = ctx.request().getParam("LaserCode");
    if (cid == null || first == null || last == null || birth == null || laser == null
        || !CitizenId.isValid(cid) || !BE_DATE.matcher(birth).matches() || !LASER.matcher(laser).matches()) {
      answer(ctx, endpoint, "bad_request", 400, new JsonObject().put("Message",
          "CitizenID, FirstName, LastName, BEBirthDate (YYYYMMDD, Buddhist era) and LaserCode (2 letters + 10 digits) are required"));
      return;
    }
    boolean match = sandbox.population().person(cid)
        .map(p -> p.first().thai().equals(first) && p.last().thai().equals(last)
            && Integer.toString(Population.buddhistEra(p.birthDate())).equals(birth)
            && p.laserCode().equals(laser))
        .orElse(false);
    answer(ctx, endpoint, "ok", 200, new JsonObject().put("Result", match));
  }

  private void juristic(RoutingContext ctx, String agentId) {
    SandboxEndpoint endpoint = SandboxEndpoint.JURISTIC;
    String id = ctx.request().getParam("JuristicID");
    if (CitizenId.juristicProblem(id) != null) {
      answer(ctx, endpoint, "bad_request", 400, new JsonObject().put("Message", "JuristicID must be 13 digits with a valid check digit"));
      return;
    }
    sandbox.population().juristicPerson(id).ifPresentOrElse(
        j -> answer(ctx, endpoint, "ok", 200, j),
        () -> answer(ctx, endpoint, "not_found", 404, new JsonObject().put("Message", "juristic person not found")));
  }

  /**
   * DOPA's role for card sessions (its real interface is not public; this one is LinkGate's): is this
   * cryptogram the answer of the card with this chip, issued to this citizen, to this challenge? The sandbox derives
   * each simulated card's key from the issuer key: {@code HMAC-SHA256(issuerKey, "linkgate-sim-card:" + citizenId + ":" + chipId)}.
   */
  private void cardVerify(RoutingContext ctx, String agentId) {
    SandboxEndpoint endpoint = SandboxEndpoint.CARD_AUTHORITY;
    withJson(ctx, body -> {
      String cid = body.getValue("CitizenID") instanceof String s ? s : null;
      String chip = body.getValue("ChipID") instanceof String s ? s : null;
      byte[] challenge = base64(body.getValue("Challenge"));
      byte[] cryptogram = base64(body.getValue("Cryptogram"));
      if (cid == null || !CitizenId.isValid(cid) || chip == null || !chip.matches("[0-9A-F]{4,64}")
          || challenge == null || challenge.length != 32 || cryptogram == null) {
        answer(ctx, endpoint, "bad_request", 400, new JsonObject().put("Message",
            "CitizenID, ChipID (hex), Challenge (base64, 32 bytes) and Cryptogram (base64) are required"));
        return;
      }
      byte[] expected = CardKeys.cryptogram(CardKeys.cardKey(sandbox.config().cardIssuerKey(), cid, chip), challenge);
      boolean valid = java.security.MessageDigest.isEqual(expected, cryptogram);
      answer(ctx, endpoint, valid ? "ok" : "rejected", 200, new JsonObject().put("Result", valid));
    });
  }

  private static byte[] base64(Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    try {
      return java.util.Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // -- plumbing ------------------------------------------------------------------------------------

  interface GdxHandler {
    void handle(RoutingContext ctx, String agentId);
  }

  /** Faults first, then the GDX key and token check, then the endpoint itself. */
  private io.vertx.core.Handler<RoutingContext> gdx(SandboxEndpoint endpoint, GdxHandler handler) {
    return ctx -> afterFaults(ctx, endpoint, () -> {
      String key = ctx.request().getHeader("Consumer-Key");
      if (key == null || !key.equals(sandbox.config().consumerKey())) {
        answer(ctx, endpoint, "forbidden", 403, new JsonObject().put("Message", "Consumer-Key missing or unknown"));
        return;
      }
      Optional<String> agent = sandbox.tokens().agent(ctx.request().getHeader("Token"));
      if (agent.isEmpty()) {
        answer(ctx, endpoint, "unauthorized", 401, new JsonObject().put("Message", "Token missing, invalid or expired"));
        return;
      }
      handler.handle(ctx, agent.get());
    });
  }

  private void afterFaults(RoutingContext ctx, SandboxEndpoint endpoint, Runnable next) {
    Fault fault = sandbox.fault(endpoint);
    if (fault.outage()) {
      sandbox.count(endpoint, "outage");
      ctx.request().connection().close();
      return;
    }
    long delay = sandbox.latency().sampleMillis() + fault.addedLatency().toMillis();
    Runnable act = () -> {
      if (fault.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < fault.errorRate()) {
        if (fault.linkageStatus() != null) {
          answer(ctx, endpoint, "error", 200, new JsonObject().put("Code", fault.linkageStatus()).put("Message", "injected Linkage status"));
        } else {
          answer(ctx, endpoint, "error", 500, new JsonObject().put("Code", "00500").put("Message", "injected upstream error"));
        }
      } else {
        next.run();
      }
    };
    if (delay <= 0) {
      act.run();
    } else {
      vertx.setTimer(delay, id -> act.run());
    }
  }

  private void refuse(RoutingContext ctx, SandboxEndpoint endpoint, String code, String message) {
    answer(ctx, endpoint, "refused_" + code, 200, new JsonObject().put("Code", code).put("Message", message));
  }

  private void answer(RoutingContext ctx, SandboxEndpoint endpoint, String outcome, int status, JsonObject body) {
    sandbox.count(endpoint, outcome);
    if (ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }

  /**
   * A refusal: on LinkGate's own {@code /sandbox/*} calls as problem+json (RFC 9457, as the gateway's), on the
   * endpoints shaped like GDX and the Linkage Center as those answer, {@code {"Message": ...}}.
   */
  static void error(RoutingContext ctx, int status, String message) {
    if (ctx.request().path().startsWith("/sandbox/")) {
      ProblemResponder.send(ctx, new ProblemException(switch (status) {
        case 400 -> Problems.BAD_REQUEST;
        case 404 -> Problems.NOT_FOUND;
        case 413 -> Problems.BODY_TOO_LARGE;
        case 429 -> TOO_MANY_OVERRIDES;
        default -> Problems.INTERNAL;
      }, message));
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(new JsonObject().put("Message", message).encode());
  }

  static void withJson(RoutingContext ctx, Consumer<JsonObject> action) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      error(ctx, 400, "body must be a JSON object");
      return;
    }
    if (body == null) {
      error(ctx, 400, "body must be a JSON object");
      return;
    }
    action.accept(body);
  }
}
