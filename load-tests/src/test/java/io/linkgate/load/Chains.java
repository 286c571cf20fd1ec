package io.linkgate.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.concurrent.atomic.AtomicInteger;

/** The calls every simulation makes: a card login as card-edge makes it, and the agency system's lookups. */
final class Chains {

  private Chains() {
  }

  static HttpProtocolBuilder protocol() {
    return http.baseUrl(Target.URL)
        .acceptHeader("application/json")
        .userAgentHeader("linkgate-load-tests")
        .shareConnections();
  }

  /**
   * Opens a card session for the next officer (round robin over {@code officers}) and keeps its token in the
   * Gatling session as {@code token}: challenge, the card's answer, the signed login.
   */
  static ChainBuilder login(LoadOfficers officers, AtomicInteger next) {
    return exec(session -> session.set("officer", Math.floorMod(next.getAndIncrement(), officers.size())))
        .exec(http("challenge").post("/v1/sessions/challenge")
            .check(status().is(200), jsonPath("$.challengeId").saveAs("challengeId"), jsonPath("$.nonce").saveAs("nonce")))
        .exec(session -> session.set("loginBody",
            officers.loginBody(session.getInt("officer"), session.getString("challengeId"), session.getString("nonce"))))
        .exec(http("login").post("/v1/sessions").body(StringBody("#{loginBody}")).asJson()
            .check(status().is(201), jsonPath("$.token").saveAs("token")))
        .exec(session -> session.remove("loginBody").remove("nonce"));
  }

  /** Pulling the card out: card-edge ends the session. */
  static HttpRequestActionBuilder logout() {
    return http("logout").delete("/v1/sessions/current").header("Authorization", "Bearer #{token}")
        .check(status().in(200, 204));
  }

  /** A lookup as the agency system sends it: agency key, card session, agency service, case reference. */
  static HttpRequestActionBuilder lookup(String name, String path, String service) {
    return http(name).get(path)
        .header("X-Api-Key", Target.API_KEY)
        .header("Authorization", "Bearer #{token}")
        .header("X-Service-Code", service)
        .header("X-Request-Ref", "LOAD/#{officer}");
  }

  static HttpRequestActionBuilder person(String name) {
    return lookup(name, "/v1/linkage/persons/#{cid}", "NC-CIVILREG");
  }

  static HttpRequestActionBuilder house(String name) {
    return lookup(name, "/v1/linkage/persons/#{cid}/house", "NC-CIVILREG");
  }

  static HttpRequestActionBuilder juristic(String name) {
    return lookup(name, "/v1/gdx/juristic-persons/#{jid}", "NC-COMMERCE");
  }

  /** A served lookup: 200 with a cache status. */
  static HttpRequestActionBuilder ok(HttpRequestActionBuilder request) {
    return request.check(status().is(200), header("X-Cache").exists());
  }
}
