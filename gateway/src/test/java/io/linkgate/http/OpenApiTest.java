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
}
