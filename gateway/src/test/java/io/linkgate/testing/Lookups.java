package io.linkgate.testing;

import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** Lookup calls as an agency system makes them: API key, card session, service code. */
public final class Lookups {

  private final WebClient api;

  public Lookups(WebClient api) {
    this.api = api;
  }

  /** A demo officer's session token (logged in through the demo workstation). */
  public static String login(RunningGateway running, String profile) {
    DemoData.Officer officer = DemoData.OFFICERS.stream().filter(o -> o.profile().equals(profile)).findFirst().orElseThrow();
    return running.logins().login(Logins.card(officer.citizenId()), DemoData.deviceFor(officer), DeviceKey.demo());
  }

  public HttpRequest<Buffer> request(String token, String service, String path) {
    HttpRequest<Buffer> req = api.get(path).putHeader("X-Api-Key", DemoData.API_KEY);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    if (service != null) {
      req.putHeader("X-Service-Code", service);
    }
    return req;
  }

  public HttpResponse<Buffer> get(String token, String service, String path) {
    return request(token, service, path).send().await();
  }

  public HttpResponse<Buffer> person(String token, String cid) {
    return get(token, "NC-CIVILREG", "/v1/linkage/persons/" + cid);
  }

  public HttpResponse<Buffer> cardCheck(String token, String service, JsonObject body) {
    return api.post("/v1/gdx/card-checks").putHeader("X-Api-Key", DemoData.API_KEY).bearerTokenAuthentication(token)
        .putHeader("X-Service-Code", service).sendJsonObject(body).await();
  }

  public static String type(HttpResponse<Buffer> r) {
    JsonObject body = r.bodyAsJsonObject();
    return body == null ? null : body.getString("type", "").replace("urn:linkgate:problem:", "");
  }
}
