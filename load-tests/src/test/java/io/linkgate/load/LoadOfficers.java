package io.linkgate.load;

import io.linkgate.cardedge.card.CardAccessException;
import io.linkgate.cardedge.card.CardData;
import io.linkgate.cardedge.card.PinResult;
import io.linkgate.cardedge.card.ThaiIdCard;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.cardedge.sim.SimulatedCardProfile;
import io.linkgate.cardedge.sim.SimulatedPhotos;
import io.linkgate.cardedge.sim.SimulatedTerminals;
import io.linkgate.cardedge.sim.SimulatedThaiIdCard;
import io.linkgate.citizen.CitizenId;
import io.linkgate.sandbox.Population;
import io.linkgate.session.DeviceSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import javax.smartcardio.CardTerminals;

/**
 * Many officers with simulated cards, for simulations that need more card sessions than the demo's two USER
 * officers. {@link #register()} enrols them in the gateway's registry through the admin API (bootstrap admin
 * token; an officer registered by an earlier run is kept). {@link #loginBody} answers a login challenge exactly
 * as card-edge does: the card-edge card code reads the simulated card over APDUs, has the card verify the PIN
 * and compute its answer, and the demo workstation's device key signs the gateway's login payload.
 *
 * <p>Officer citizen IDs start with 19 and are numbered; no ID, PIN or token is ever printed.
 */
final class LoadOfficers {

  static final String PIN = "1234";
  private static final String SERVICES = "[\"NC-CIVILREG\",\"NC-WELFARE\",\"NC-COMMERCE\"]";

  private final List<String> citizenIds;
  private final SimulatedTerminals terminals = new SimulatedTerminals();
  private final DeviceKey deviceKey = DeviceKey.demo();

  LoadOfficers(int count) {
    List<String> ids = new ArrayList<>();
    for (long n = 1; ids.size() < count; n++) {
      String id = CitizenId.withCheckDigit("19" + String.format("%010d", n));
      if (!Population.isNotFound(id)) { // the sandbox must know the officer (Linkage agent permission)
        ids.add(id);
      }
    }
    this.citizenIds = List.copyOf(ids);
    for (int i = 0; i < count; i++) {
      terminals.addReader(reader(i)).insert(new SimulatedThaiIdCard(profile(i)));
    }
  }

  int size() {
    return citizenIds.size();
  }

  /** Registers every officer as a USER of the agency's three demo services; 409 (already there) is fine. */
  void register() {
    if (Target.ADMIN_TOKEN.isEmpty()) {
      throw new IllegalStateException("LOADTEST_ADMIN_TOKEN (or -Dlinkgate.adminToken) is needed to register the load "
          + "officers (the gateway's session.bootstrapAdminToken; load-tests/run gatling sets both)");
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Semaphore inFlight = new Semaphore(8);
    // the first failure ends the registration: a gateway that does not answer is not waited for once per officer
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < citizenIds.size() && failure.get() == null; i++) {
      String body = "{\"citizenId\":\"" + citizenIds.get(i) + "\",\"agency\":\"" + Target.AGENCY + "\","
          + "\"nameTh\":\"เจ้าหน้าที่ทดสอบโหลด " + (i + 1) + "\",\"nameEn\":\"Load officer " + (i + 1) + "\","
          + "\"rank\":\"K1\",\"roles\":[\"USER\"],\"services\":" + SERVICES + "}";
      HttpRequest request = HttpRequest.newBuilder(URI.create(Target.URL + "/v1/admin/officers"))
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + Target.ADMIN_TOKEN)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      inFlight.acquireUninterruptibly();
      if (failure.get() != null) {
        break;
      }
      all.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenAccept(r -> {
            if (r.statusCode() != 201 && r.statusCode() != 409) {
              throw new IllegalStateException("registering a load officer: HTTP " + r.statusCode());
            }
          })
          .whenComplete((v, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            }
            inFlight.release();
          }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  /**
   * The body of {@code POST /v1/sessions} for officer {@code i} answering a challenge, built the way card-edge's
   * CardLogin builds it.
   */
  String loginBody(int i, String challengeId, String nonceBase64) {
    try (ThaiIdCard card = open(i)) {
      CardData data = card.read();
      PinResult verdict = card.verifyPin(PIN.toCharArray());
      if (!(verdict instanceof PinResult.Verified)) {
        throw new IllegalStateException("the simulated card refused the PIN: " + verdict.getClass().getSimpleName());
      }
      byte[] answer = card.authenticate(Base64.getDecoder().decode(nonceBase64));
      String answerB64 = Base64.getEncoder().encodeToString(answer);
      String expiry = data.expiryDate().map(Object::toString).orElse("lifetime");
      byte[] signature = deviceKey.sign(DeviceSignature.loginPayload(challengeId, data.citizenId(), data.chipId(),
          data.laserId(), expiry, answerB64, deviceKey.deviceId()));
      return "{\"challengeId\":\"" + challengeId + "\",\"card\":{\"citizenId\":\"" + data.citizenId()
          + "\",\"chipId\":\"" + data.chipId() + "\",\"laserId\":\"" + data.laserId() + "\",\"expiryDate\":"
          + data.expiryDate().map(d -> "\"" + d + "\"").orElse("null") + "},\"cardAnswer\":\"" + answerB64
          + "\",\"deviceId\":\"" + deviceKey.deviceId() + "\",\"signature\":\""
          + Base64.getEncoder().encodeToString(signature) + "\"}";
    } catch (CardAccessException e) {
      throw new IllegalStateException("simulated card: " + e.getMessage(), e);
    }
  }

  private ThaiIdCard open(int i) throws CardAccessException {
    try {
      CardTerminals list = terminals.terminalFactory().terminals();
      return ThaiIdCard.open(list.getTerminal(reader(i)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String reader(int i) {
    return "Load reader " + i;
  }

  private SimulatedCardProfile profile(int i) {
    String name = "load-officer-" + (i + 1);
    return SimulatedCardProfile.builder(name)
        .citizenId(citizenIds.get(i))
        .thaiName("นาย#ทดสอบ##โหลด" + (i + 1))
        .englishName("Mr.#Load##Officer" + (i + 1))
        .gender(1)
        .birthDate("25200101")
        .issueDate("25650101")
        .expiryDate("25730101")
        .chipId("47905167" + String.format("%08X", i + 1))
        .laserId("LT" + String.format("%010d", i + 1))
        .photo(SimulatedPhotos.portrait(name))
        .pin(PIN)
        .build();
  }
}
