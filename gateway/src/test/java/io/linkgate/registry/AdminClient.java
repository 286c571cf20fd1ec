package io.linkgate.registry;

import io.linkgate.citizen.CitizenId;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Admin calls as one principal (a card session token, or the bootstrap token), and a peek into the database. */
final class AdminClient {

  private final WebClient api;
  private final String token;

  AdminClient(WebClient api, String token) {
    this.api = api;
    this.token = token;
  }

  static AdminClient bootstrap(RunningGateway running) {
    return new AdminClient(running.api(), RunningGateway.ADMIN_TOKEN);
  }

  HttpResponse<Buffer> get(String path) {
    return request(HttpMethod.GET, path).send().await();
  }

  HttpResponse<Buffer> delete(String path) {
    return request(HttpMethod.DELETE, path).send().await();
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body);
  }

  HttpResponse<Buffer> put(String path, JsonObject body) {
    return send(HttpMethod.PUT, path, body);
  }

  HttpResponse<Buffer> patch(String path, JsonObject body) {
    return send(HttpMethod.PATCH, path, body);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> req = request(method, path);
    return (body == null ? req.send() : req.sendJsonObject(body)).await();
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    HttpRequest<Buffer> req = api.request(method, path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return req;
  }

  /** The response's JSON body, failing the test with the body when the status is not {@code expected}. */
  static JsonObject expect(int expected, HttpResponse<Buffer> r) {
    if (r.statusCode() != expected) {
      throw new AssertionError("expected " + expected + " but was " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r.body() == null || r.body().length() == 0 ? null : r.bodyAsJsonObject();
  }

  static String type(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getString("type", "").replace("urn:linkgate:problem:", "");
  }

  static String field(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getString("field");
  }

  static JsonArray items(HttpResponse<Buffer> r) {
    return expect(200, r).getJsonArray("items");
  }

  /** The id of the demo officer of {@code profile}. */
  static String demoOfficerId(String profile) {
    return DemoData.officerId(DemoData.OFFICERS.stream().filter(o -> o.profile().equals(profile)).findFirst().orElseThrow()).toString();
  }

  /** A valid citizen ID: {@code first12} and its check digit. */
  static String cid(String first12) {
    return CitizenId.withCheckDigit(first12);
  }

  static JsonObject officer(String citizenId, String agency, String rank, List<String> roles, List<String> services) {
    return new JsonObject().put("citizenId", citizenId).put("agency", agency).put("nameTh", "นายทดสอบ " + citizenId.substring(9))
        .put("nameEn", "Mr. Test " + citizenId.substring(9)).put("rank", rank).put("roles", new JsonArray(roles))
        .put("services", new JsonArray(services));
  }

  /** Rows of a query, each as its columns' text. */
  static List<List<String>> sql(RunningGateway running, String query) throws Exception {
    try (Connection c = TestDatabase.connect(running.dbUrl()); Statement s = c.createStatement()) {
      if (!s.execute(query)) {
        return List.of();
      }
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet rs = s.getResultSet()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }
}
