package io.linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.RunningGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** /openapi.yaml is served and describes exactly the API's routes. */
class OpenApiTest {

  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void should_describe_every_route_the_gateway_serves_and_no_other() throws Exception {
    try (RunningGateway running = RunningGateway.demo(dir, Map.of(), Clock.systemUTC())) {
      HttpResponse<Buffer> r = running.api().get("/openapi.yaml").send().await();
      assertEquals(200, r.statusCode());
      Map<String, Object> doc = new Yaml().load(r.bodyAsString());
      Set<String> documented = new TreeSet<>();
      ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, ops) -> ops.keySet()
          .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
      Router router = Router.router(running.gateway().vertx());
      running.gateway().apiRoutes().mount(router);
      Set<String> served = new TreeSet<>();
      for (Route route : router.getRoutes()) {
        if (route.getPath() == null || route.methods() == null || route.getPath().endsWith("*")) {
          continue;
        }
        String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
        route.methods().forEach(m -> served.add(m.name() + " " + path));
      }
      assertEquals(served, documented);
      assertTrue(documented.contains("GET /v1/linkage/persons/{cid}"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void should_name_as_server_the_gateway_the_document_was_fetched_from_when_it_listens_on_any_port() throws Exception {
    try (RunningGateway running = RunningGateway.demo(dir, Map.of(), Clock.systemUTC())) {
      java.net.URI fetchedFrom = java.net.URI.create("http://127.0.0.1:" + running.gateway().apiPort() + "/openapi.yaml");
      HttpResponse<Buffer> r = running.api().get("/openapi.yaml").send().await();
      Map<String, Object> doc = new Yaml().load(r.bodyAsString());
      java.util.List<Map<String, Object>> servers = (java.util.List<Map<String, Object>>) doc.get("servers");

      // OpenAPI 3: a relative server URL is resolved against the location the document was served from
      java.net.URI base = fetchedFrom.resolve((String) servers.get(0).get("url"));

      assertEquals(1, servers.size());
      assertEquals(java.net.URI.create("http://127.0.0.1:" + running.gateway().apiPort() + "/"), base);
    }
  }

  @Test
  void should_have_no_member_without_a_value() throws Exception {
    // an unquoted comma in a flow mapping ({description: a, b}) splits the text into a member "b" with no value,
    // which OpenAPI validators reject; every member of the description has a value
    Object doc = new Yaml().load(java.nio.file.Files.readString(Path.of("src/main/resources/openapi.yaml")));
    java.util.List<String> empty = new java.util.ArrayList<>();
    walk(doc, "", empty);
    assertEquals(java.util.List.of(), empty);
  }

  private static void walk(Object node, String path, java.util.List<String> empty) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if (v == null) {
          empty.add(path + "/" + k);
        }
        walk(v, path + "/" + k, empty);
      });
    } else if (node instanceof java.util.List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "/" + i, empty);
      }
    }
  }
}
