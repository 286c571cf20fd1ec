package io.linkgate.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console's files are revalidated on every use: an ETag of the content, no-cache, 304 while unchanged. */
class ConsoleAssetsTest {

  final Vertx vertx = Vertx.vertx();
  final ConsoleConfig config = new ConsoleConfig(true, 9898);

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** A gateway's API router with only the console mounted, on port 0; {@code resources} are its jar's files. */
  WebClient gateway(Function<String, InputStream> resources) {
    Router router = Router.router(vertx);
    new ConsoleRoutes(config, resources).mount(router);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
  }

  static Function<String, InputStream> files(Map<String, String> files) {
    return name -> files.containsKey(name) ? new ByteArrayInputStream(files.get(name).getBytes(StandardCharsets.UTF_8)) : null;
  }

  static HttpResponse<Buffer> get(WebClient client, String path, String ifNoneMatch) {
    var request = client.get(path);
    if (ifNoneMatch != null) {
      request.putHeader("If-None-Match", ifNoneMatch);
    }
    return request.send().await();
  }

  @Test
  void should_answer_the_page_scripts_and_styles_with_an_etag_and_no_cache_and_304_while_unchanged() {
    WebClient client = gateway(ConsoleRoutes.class.getClassLoader()::getResourceAsStream);
    for (String[] file : new String[][] {{"/console/", "text/html"}, {"/console/js/main.js", "text/javascript"},
        {"/console/js/reports.js", "text/javascript"}, {"/console/console.css", "text/css"}}) {
      HttpResponse<Buffer> first = get(client, file[0], null);
      assertEquals(200, first.statusCode(), file[0]);
      assertTrue(first.getHeader("Content-Type").startsWith(file[1]), first.getHeader("Content-Type"));
      assertEquals("no-cache", first.getHeader("Cache-Control"), file[0] + ": revalidated on every use, no max-age");
      String etag = first.getHeader("ETag");
      assertNotNull(etag, file[0]);
      assertTrue(etag.matches("\"[A-Za-z0-9_-]{22}\""), etag);
      assertTrue(first.getHeader("Content-Security-Policy").contains("default-src 'self'"), file[0]);

      HttpResponse<Buffer> again = get(client, file[0], etag);
      assertEquals(304, again.statusCode(), file[0] + ": unchanged");
      assertTrue(again.body() == null || again.body().length() == 0, "a 304 has no body");
      assertEquals(etag, again.getHeader("ETag"));
      assertEquals("no-cache", again.getHeader("Cache-Control"));
      assertEquals(304, get(client, file[0], "\"other\", W/" + etag).statusCode(), "a weak form in a list matches too");
      assertEquals(200, get(client, file[0], "\"other\"").statusCode(), "another version is answered in full");
    }
    HttpResponse<Buffer> head = client.head("/console/js/main.js").send().await();
    assertEquals(200, head.statusCode());
    assertEquals(String.valueOf(get(client, "/console/js/main.js", null).body().length()), head.getHeader("Content-Length"));
    assertEquals("no-cache", head.getHeader("Cache-Control"));
  }

  @Test
  void should_give_a_browser_holding_the_old_version_the_new_file_after_an_upgrade() {
    WebClient before = gateway(files(Map.of("console/index.html", "<!doctype html>v1",
        "console/js/api.js", "export const v = 1;", "console/js/dom.js", "export const same = true;")));
    HttpResponse<Buffer> oldApi = get(before, "/console/js/api.js", null);
    HttpResponse<Buffer> oldDom = get(before, "/console/js/dom.js", null);
    assertEquals("export const v = 1;", oldApi.bodyAsString());

    // the upgraded gateway's jar: api.js changed, dom.js did not
    WebClient after = gateway(files(Map.of("console/index.html", "<!doctype html>v1",
        "console/js/api.js", "export const v = 2;", "console/js/dom.js", "export const same = true;")));
    HttpResponse<Buffer> newApi = get(after, "/console/js/api.js", oldApi.getHeader("ETag"));
    assertEquals(200, newApi.statusCode(), "the browser's copy is not taken as current");
    assertEquals("export const v = 2;", newApi.bodyAsString());
    assertNotEquals(oldApi.getHeader("ETag"), newApi.getHeader("ETag"));
    assertEquals(304, get(after, "/console/js/dom.js", oldDom.getHeader("ETag")).statusCode(),
        "an unchanged file keeps its ETag across the upgrade: no download");
  }

  @Test
  void should_redirect_a_head_request_for_the_console_without_its_slash_as_it_does_a_get() {
    WebClient client = gateway(files(Map.of("console/index.html", "page")));
    for (var request : List.of(client.head("/console"), client.get("/console"), client.head("/console?edge=9899"))) {
      HttpResponse<Buffer> r = request.followRedirects(false).send().await();

      assertEquals(301, r.statusCode(), "HEAD and GET of /console are the same redirect, never a failure");
      assertTrue(r.getHeader("Location").startsWith("/console/"), r.getHeader("Location"));
    }
    assertEquals("/console/?edge=9899", client.head("/console?edge=9899").followRedirects(false).send().await().getHeader("Location"));
  }

  @Test
  void should_find_no_file_outside_the_plain_names_of_the_console() {
    Map<String, String> jar = Map.of("console/index.html", "page", "console/.hidden.js", "secret", "console/notes.txt", "notes",
        "gateway.yaml", "config", "console/js/x.js", "x");
    WebClient client = gateway(files(jar));
    for (String path : new String[] {"/console/.hidden.js", "/console/notes.txt", "/console/js/../../gateway.yaml",
        "/console/%2e%2e/gateway.yaml", "/console/js", "/console/js/", "/console/missing.js"}) {
      assertEquals(404, get(client, path, null).statusCode(), path);
    }
    assertEquals(200, get(client, "/console/js/x.js", null).statusCode());
    assertEquals(405, client.post("/console/js/x.js").send().await().statusCode());
  }
}
