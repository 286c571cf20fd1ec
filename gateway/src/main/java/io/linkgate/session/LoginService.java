package io.linkgate.session;

import io.linkgate.http.ProblemException;
import io.linkgate.registry.Device;
import io.linkgate.registry.DeviceRepository;
import io.linkgate.registry.Officer;
import io.linkgate.registry.OfficerRepository;
import io.linkgate.registry.Role;
import io.linkgate.upstream.Deadline;
import io.linkgate.upstream.LinkageAgents;
import io.linkgate.upstream.LinkageStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Opens card sessions. Checks, in order: the challenge (authentic), the device (enrolled, its signature over
 * everything, not throttled), the challenge is unexpired and unused, the card (not expired, its answer verified by the
 * {@link CardAuthority}), the officer (registered, active, not locked, same agency as the device, a rank
 * and role with Linkage right), and the Linkage Center's agent check. Refusals are counted; those a valid device
 * signature vouches for are recorded, up to {@code session.refusalsPerMinute} per workstation, beyond which its
 * logins and PIN reports are refused ({@code login-throttled}) until its minute ends.
 */
public final class LoginService {

  static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");

  private final Challenges challenges;
  private final DeviceRepository devices;
  private final OfficerRepository officers;
  private final SessionStore store;
  private final CardAuthority cardAuthority;
  private final LinkageAgents agents;
  /**
   * The time a login's upstream calls (the card authority, the Linkage agent check, their tokens and retries) have
   * together: {@code upstream.lookupTimeout}, as a lookup's. Without it a slow DOPA kept a login going past
   * card-edge's own wait, and the session it then opened was handed to nobody.
   */
  private final Duration upstreamBudget;
  private final LoginFailures failures;
  private final SessionConfig config;
  private final Clock clock;
  private final Pool pool;
  private final MeterRegistry registry;
  private final RefusalThrottle throttle;

  public LoginService(Challenges challenges, DeviceRepository devices, OfficerRepository officers, SessionStore store,
                      CardAuthority cardAuthority, LinkageAgents agents, LoginFailures failures, SessionConfig config,
                      Duration upstreamBudget, Clock clock, Pool pool, MeterRegistry registry) {
    this.upstreamBudget = upstreamBudget;
    this.challenges = challenges;
    this.devices = devices;
    this.officers = officers;
    this.store = store;
    this.cardAuthority = cardAuthority;
    this.agents = agents;
    this.failures = failures;
    this.config = config;
    this.clock = clock;
    this.pool = pool;
    this.registry = registry;
    this.throttle = new RefusalThrottle(config.refusalsPerMinute(), clock);
    // the outcomes the sessions dashboard counts over hours, at 0 from start-up: a counter born at 1 hides its first
    // event from increase() (the first PIN block after a deploy read 0); refusals by problem type appear as they come
    // internal-error: a login that failed for LinkGate's own reason (PostgreSQL away or its pool exhausted), not a refusal
    for (String outcome : List.of("opened", "wrong-pin", "pin-blocked", INTERNAL_ERROR)) {
      logins(outcome);
    }
  }

  public Challenges.Challenge challenge() {
    return challenges.issue();
  }

  public Future<SessionStore.Opened> login(LoginRequest request) {
    LoginFailures.Attempt attempt = new LoginFailures.Attempt();
    attempt.citizenId = request.citizenId();
    Deadline deadline = Deadline.after(System.nanoTime(), upstreamBudget);
    Future<SessionStore.Opened> result = Future.<Void>succeededFuture()
        .compose(v -> {
          Challenges.Verified challenge = challenges.authentic(request.challengeId());
          return signedByEnrolledDevice(request.deviceId(), request.signedPayload(), request.signature(), attempt)
              .compose(device -> consume(challenge)
                  .compose(v2 -> checkCard(request, challenge, deadline))
                  .compose(v2 -> officers.findByCitizenId(request.citizenId()))
                  .compose(officer -> entitled(officer, device, attempt))
                  .compose(officer -> available(officer, request.citizenId(), deadline))
                  .compose(officer -> store.open(officer, device.id(), request.chipId(), request.cardExpiry())));
        });
    return result
        .onSuccess(opened -> {
          logins("opened").increment();
          devices.touch(request.deviceId());
        })
        .recover(failure -> refused(attempt, failure));
  }

  /** A signed report that the card refused the PIN: recorded; a blocked PIN (or a wrong one with no tries left) locks the officer. */
  public Future<Void> pinFailure(PinFailureReport report) {
    LoginFailures.Attempt attempt = new LoginFailures.Attempt();
    attempt.citizenId = report.citizenId();
    attempt.triesRemaining = report.triesRemaining();
    attempt.blockedPin = report.blocked();
    Future<Void> result = Future.<Void>succeededFuture()
        .compose(v -> {
          Challenges.Verified challenge = challenges.authentic(report.challengeId());
          return signedByEnrolledDevice(report.deviceId(), report.signedPayload(), report.signature(), attempt)
              .compose(device -> consume(challenge)
                  .compose(v2 -> officers.findByCitizenId(report.citizenId()))
                  .compose(officer -> ofDevicesAgency(officer, device, attempt)));
        })
        .compose(officer -> {
          String reason = report.blocked() ? "pin-blocked" : "wrong-pin";
          logins(reason).increment();
          Future<Void> recorded = record(attempt, reason);
          if (!report.blocked()) {
            return recorded;
          }
          // the lock and the end of the officer's sessions commit together
          Future<Void> locked = officer.isEmpty() ? recorded : recorded
              .compose(v -> pool.withTransaction(conn -> officers.lock(conn, officer.get().id(), "card PIN blocked")
                  .compose(changed -> store.endForOfficer(conn, officer.get().id(), "OFFICER_LOCKED"))))
              .mapEmpty();
          return locked.compose(v -> Future.failedFuture(SessionProblems.CARD_PIN_BLOCKED.exception(
              "The card's PIN is blocked after three wrong entries. The officer must request a new PIN at a district "
                  + "registration office; an admin then unlocks the officer in LinkGate.")));
        });
    return result.recover(failure -> failure instanceof ProblemException p && p.type() == SessionProblems.CARD_PIN_BLOCKED
        ? Future.failedFuture(failure)
        : refused(attempt, failure));
  }

  /**
   * Only a workstation of the officer's own agency reports on the officer's card: the gateway cannot check what a
   * card told a workstation, so otherwise any enrolled device anywhere could lock any officer with a PIN_BLOCKED.
   */
  private static Future<Optional<Officer>> ofDevicesAgency(Optional<Officer> officer, Device device, LoginFailures.Attempt attempt) {
    if (officer.isEmpty()) {
      return Future.succeededFuture(officer);
    }
    attempt.officerId = officer.get().id();
    attempt.agencyCode = officer.get().agencyCode();
    if (!officer.get().agencyCode().equals(device.agencyCode())) {
      return Future.failedFuture(SessionProblems.DEVICE_WRONG_AGENCY.exception(
          "This workstation is enrolled for another agency than the officer's; it cannot report on the officer's card."));
    }
    return Future.succeededFuture(officer);
  }

  private Future<Device> signedByEnrolledDevice(String deviceId, byte[] payload, byte[] signature, LoginFailures.Attempt attempt) {
    return devices.find(deviceId).compose(found -> {
      Optional<Device> device = found.filter(d -> !d.revoked());
      if (device.isEmpty()) {
        return Future.failedFuture(SessionProblems.DEVICE_UNKNOWN.exception("The device is not enrolled, or its enrollment was revoked."));
      }
      PublicKey key = DeviceSignature.publicKey(device.get().publicKey());
      if (key == null || !DeviceSignature.verify(key, payload, signature)) {
        return Future.failedFuture(SessionProblems.DEVICE_SIGNATURE_INVALID.exception("The device signature does not match its enrolled key."));
      }
      attempt.signed = true;
      attempt.deviceId = device.get().id();
      attempt.agencyCode = device.get().agencyCode();
      if (!attempt.blockedPin) {
        throttle.check(device.get().id());
      }
      return Future.succeededFuture(device.get());
    });
  }

  private Future<Void> consume(Challenges.Verified challenge) {
    return challenges.unexpired(challenge).compose(v -> store.consume(challenge)).compose(fresh -> fresh ? Future.succeededFuture()
        : Future.failedFuture(SessionProblems.CHALLENGE_REUSED.exception("This challenge was already used; ask for a new one.")));
  }

  private Future<Void> checkCard(LoginRequest request, Challenges.Verified challenge, Deadline deadline) {
    LocalDate today = LocalDate.now(clock.withZone(BANGKOK));
    if (request.cardExpiry() != null && request.cardExpiry().isBefore(today)) {
      return Future.failedFuture(SessionProblems.CARD_EXPIRED.exception("The card expired on " + request.cardExpiry()
          + "; the officer needs a renewed card."));
    }
    return cardAuthority.verify(request.citizenId(), request.chipId(), challenge.nonce(), request.cardAnswer(), deadline)
        .compose(valid -> valid ? Future.succeededFuture()
            : Future.failedFuture(SessionProblems.CARD_ANSWER_INVALID.exception("The card's answer to the challenge is not valid.")));
  }

  private Future<Officer> entitled(Optional<Officer> found, Device device, LoginFailures.Attempt attempt) {
    if (found.isEmpty()) {
      return Future.failedFuture(SessionProblems.OFFICER_NOT_REGISTERED.exception("The card holder is not registered as an officer in LinkGate."));
    }
    Officer officer = found.get();
    attempt.officerId = officer.id();
    attempt.agencyCode = officer.agencyCode();
    if (!officer.active()) {
      return Future.failedFuture(SessionProblems.OFFICER_INACTIVE.exception("The officer's registration is deactivated."));
    }
    if (officer.locked()) {
      return Future.failedFuture(SessionProblems.OFFICER_LOCKED.exception(
          "The officer is locked after the card's PIN was blocked; an admin unlocks the officer once a new PIN is issued."));
    }
    if (!officer.agencyCode().equals(device.agencyCode())) {
      return Future.failedFuture(SessionProblems.DEVICE_WRONG_AGENCY.exception("This workstation is enrolled for another agency than the officer's."));
    }
    if (officer.roles().isEmpty()) {
      return Future.failedFuture(SessionProblems.OFFICER_NOT_ENTITLED.exception("The officer holds no role in LinkGate."));
    }
    if (officer.has(Role.USER) && !config.linkageRanks().contains(officer.rank())) {
      return Future.failedFuture(SessionProblems.OFFICER_NOT_ENTITLED.exception("Rank " + officer.rank()
          + " may not use the Linkage Center (ชำนาญงาน or ปฏิบัติการ and above)."));
    }
    return Future.succeededFuture(officer);
  }

  private Future<Officer> available(Officer officer, String citizenId, Deadline deadline) {
    if (!config.checkAgentPermission() || !officer.has(Role.USER)) {
      return Future.succeededFuture(officer);
    }
    return agents.sessionState(citizenId, deadline).compose(state -> state.equals("AgentNotAvailable")
        ? Future.failedFuture(LinkageStatus.toProblem("90001"))
        : Future.succeededFuture(officer));
  }

  /** The outcome of a login that failed unexpectedly: the problem type its answer carries. */
  static final String INTERNAL_ERROR = io.linkgate.http.Problems.INTERNAL.slug();

  private Counter logins(String outcome) {
    return Counter.builder("linkgate.logins").description("Card logins by outcome").tag("outcome", outcome).register(registry);
  }

  private <T> Future<T> refused(LoginFailures.Attempt attempt, Throwable failure) {
    if (!(failure instanceof ProblemException problem)) {
      // answered 500 internal-error by the failure handler: counted as that, or a login storm against a database that
      // is gone shows no failed login at all (the failure share would read 0 while every officer is turned away)
      logins(INTERNAL_ERROR).increment();
      return Future.failedFuture(failure);
    }
    logins(problem.type().slug()).increment();
    if (problem.type() == SessionProblems.LOGIN_THROTTLED) {
      return Future.failedFuture(failure);
    }
    return record(attempt, problem.type().slug()).transform(ar -> Future.failedFuture(failure));
  }

  /**
   * Records a refusal against the workstation's agency only when its valid signature vouches for the attempt, within
   * the workstation's refusals a minute: anybody can name a device (ids are not secret) or replay an expired
   * challenge, and such refusals are only counted ({@code linkgate.logins} by problem type). A blocked PIN's report is
   * never throttled: the officer is locked and the block recorded whatever the workstation sent before.
   */
  private Future<Void> record(LoginFailures.Attempt attempt, String reason) {
    return attempt.signed && (attempt.blockedPin || throttle.take(attempt.deviceId)) ? failures.record(attempt, reason)
        : Future.succeededFuture();
  }
}
