package io.linkgate.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.linkgate.http.CorrelationId;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lines logged while a request is handled carry its correlation id, even from code that never sees the request. */
class RequestLogContextTest {

  static final String LOGGER = "io.linkgate.logging.RequestLogContextTest.captured";

  final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  OutputStreamAppender<ILoggingEvent> appender;
  Vertx vertx;
  HttpServer server;

  @BeforeEach
  void start() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    JsonLogEncoder encoder = new JsonLogEncoder();
    encoder.setContext(context);
    encoder.start();
    appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(captured);
    appender.start();
    ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER);
    logger.addAppender(appender);
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);

    RequestLogContext.register();
    vertx = Vertx.vertx();
    Logger log = LoggerFactory.getLogger(LOGGER);
    Router router = Router.router(vertx);
    router.route().handler(new CorrelationId());
    // like a policy that logs from a callback of asynchronous work, knowing nothing of the request
    router.get("/work").handler(ctx -> vertx.setTimer(5, t -> {
      log.atWarn().log("work failed");
      ctx.response().end();
    }));
    router.get("/named").handler(ctx -> {
      log.atWarn().addKeyValue("correlationId", "given-explicitly").log("named");
      ctx.response().end();
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(LOGGER).detachAppender(appender);
  }

  List<JsonObject> lines() {
    List<JsonObject> out = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.add(new JsonObject(line));
      }
    }
    return out;
  }

  @Test
  void should_add_the_requests_correlation_id_to_lines_logged_while_handling_it() {
    WebClient client = WebClient.create(vertx);
    for (String id : List.of("first-request-0001", "second-request-0002")) {
      assertEquals(200, client.get(server.actualPort(), "127.0.0.1", "/work").putHeader(CorrelationId.HEADER, id).send().await().statusCode());
    }
    String generated = client.get(server.actualPort(), "127.0.0.1", "/work").send().await().getHeader(CorrelationId.HEADER);
    List<JsonObject> lines = lines();
    assertEquals(3, lines.size(), lines.toString());
    assertEquals("first-request-0001", lines.get(0).getString("correlationId"));
    assertEquals("second-request-0002", lines.get(1).getString("correlationId"), "no id carried over from an earlier request");
    assertEquals(generated, lines.get(2).getString("correlationId"));
  }

  @Test
  void should_keep_an_explicit_correlation_id_and_add_none_outside_a_request() {
    WebClient client = WebClient.create(vertx);
    assertEquals(200, client.get(server.actualPort(), "127.0.0.1", "/named").putHeader(CorrelationId.HEADER, "from-the-client-1").send().await()
        .statusCode());
    Logger log = LoggerFactory.getLogger(LOGGER);
    log.atWarn().log("outside any request");
    Promise<Void> onLoop = Promise.promise();
    vertx.runOnContext(v -> {
      log.atWarn().log("on an event loop, outside any request");
      onLoop.complete();
    });
    onLoop.future().await();
    List<JsonObject> lines = lines();
    assertEquals(3, lines.size(), lines.toString());
    assertEquals("given-explicitly", lines.get(0).getString("correlationId"));
    assertTrue(lines.get(0).encode().indexOf("correlationId") == lines.get(0).encode().lastIndexOf("correlationId"), "one correlationId");
    assertFalse(lines.get(1).containsKey("correlationId"), lines.get(1).encode());
    assertFalse(lines.get(2).containsKey("correlationId"), lines.get(2).encode());
  }
}
