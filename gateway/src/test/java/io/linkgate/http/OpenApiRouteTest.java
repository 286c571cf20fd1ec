package io.linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class OpenApiRouteTest {

  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void should_revalidate_the_api_description_with_its_etag_and_answer_304_while_unchanged() {
    Router router = Router.router(vertx);
    OpenApiRoute.load().mount(router);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    WebClient client = WebClient.create(vertx);

    HttpResponse<Buffer> first = client.get(server.actualPort(), "127.0.0.1", "/openapi.yaml").send().await();
    assertEquals(200, first.statusCode());
    assertTrue(first.bodyAsString().startsWith("openapi:"), first.bodyAsString().substring(0, 40));
    assertEquals("no-cache", first.getHeader("Cache-Control"), "no max-age: a client never reads the description of the version before");
    assertEquals("application/yaml; charset=utf-8", first.getHeader("Content-Type"));
    String etag = first.getHeader("ETag");
    assertNotNull(etag);

    HttpResponse<Buffer> again = client.get(server.actualPort(), "127.0.0.1", "/openapi.yaml").putHeader("If-None-Match", etag).send().await();
    assertEquals(304, again.statusCode());
    assertEquals(etag, again.getHeader("ETag"));
    Map<String, Object> doc = new Yaml().load(first.bodyAsString());
    assertTrue(responses(doc, "/openapi.yaml").containsKey("304"), "the document describes the 304 it is answered with: "
        + responses(doc, "/openapi.yaml").keySet());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> responses(Map<String, Object> doc, String path) {
    Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("paths")).get(path)).get("get");
    return (Map<String, Object>) get.get("responses");
  }
}
