package io.linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.config.GatewayConfig;
import io.linkgate.testing.GatewayProcess;
import io.linkgate.testing.Processes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulShutdownTest {

  @TempDir
  Path dir;

  @Test
  void should_finish_in_flight_requests_and_refuse_new_ones_when_stopping() {
    Vertx vertx = Vertx.vertx();
    try {
      ApiConfig config = GatewayConfig.load(null, Map.of(), Map.of("api.port", "0", "api.host", "127.0.0.1")).api();
      Promise<Void> requestArrived = Promise.promise();
      Promise<Void> release = Promise.promise();
      ApiVerticle verticle = new ApiVerticle(config, router -> router.get("/slow").handler(ctx -> {
        requestArrived.tryComplete();
        release.future().onComplete(v -> ctx.response().end("done"));
      }));
      String id = vertx.deployVerticle(verticle).await();
      int port = verticle.actualPort();
      WebClient client = WebClient.create(vertx);
      Future<HttpResponse<Buffer>> inFlight = client.get(port, "127.0.0.1", "/slow").send();
      requestArrived.future().await();
      Future<Void> undeployed = vertx.undeploy(id);
      assertFalse(undeployed.isComplete(), "undeploy must wait for the in-flight request");
      release.complete();
      assertEquals("done", inFlight.await().bodyAsString());
      undeployed.await();
      WebClient fresh = WebClient.create(vertx);
      assertThrows(Exception.class, () -> fresh.get(port, "127.0.0.1", "/slow").send().await());
    } finally {
      vertx.close().await();
    }
  }

  /**
   * With {@code api.shutdownDelay}, a stopping gateway is not ready at once (GET and HEAD, as load balancers probe)
   * but still serves new requests for that long, until the probes have noticed; then it stops accepting. Without it,
   * readiness went DOWN and new connections were refused at the same moment, before any load balancer could know.
   */
  @Test
  void should_answer_not_ready_but_still_serve_during_the_shutdown_delay() throws Exception {
    io.linkgate.Gateway gateway = io.linkgate.Gateway.start(io.linkgate.testing.TestGateway.config(dir,
        io.linkgate.testing.TestDatabase.newDatabaseUrl(), Map.of("api.shutdownDelay", "1500ms")), io.linkgate.Gateway.Options.defaults());
    Vertx vertx = Vertx.vertx();
    Thread stopping = new Thread(gateway::stop, "test-stop");
    try {
      WebClient client = WebClient.create(vertx);
      int management = gateway.managementPort();
      int api = gateway.apiPort();
      assertEquals(200, client.head(management, "127.0.0.1", "/health/live").send().await().statusCode(), "HEAD, as some checks send");
      HttpResponse<Buffer> ready = client.head(management, "127.0.0.1", "/health/ready").send().await();
      assertEquals(200, ready.statusCode());
      assertEquals(null, ready.body(), "a HEAD answer has no body");
      stopping.start();
      long until = System.nanoTime() + 1_000_000_000L;
      while (client.get(management, "127.0.0.1", "/health/ready").send().await().statusCode() != 503 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      HttpResponse<Buffer> down = client.get(management, "127.0.0.1", "/health/ready").send().await();
      assertEquals(503, down.statusCode());
      assertEquals("DOWN", down.bodyAsJsonObject().getString("status"));
      assertEquals(503, client.head(management, "127.0.0.1", "/health/ready").send().await().statusCode());
      WebClient fresh = WebClient.create(vertx); // a new connection, as a client the load balancer still sends
      assertEquals(200, fresh.get(api, "127.0.0.1", "/openapi.yaml").send().await().statusCode(), "still serving");
      stopping.join(30_000);
      assertFalse(stopping.isAlive());
      assertThrows(Exception.class, () -> WebClient.create(vertx).get(api, "127.0.0.1", "/openapi.yaml").send().await());
    } finally {
      gateway.stop();
      vertx.close().await();
    }
  }

  @Test
  void should_exit_zero_and_stop_the_embedded_database_on_sigterm() throws Exception {
    try (GatewayProcess gateway = GatewayProcess.start(dir.resolve("run"), List.of("--sandbox", "--data-dir", dir.toString()), Map.of())) {
      gateway.awaitReady(Duration.ofSeconds(60));
      long postgres = Long.parseLong(Files.readAllLines(dir.resolve("postgres/postmaster.pid")).get(0).trim());
      assertEquals(0, gateway.terminate(Duration.ofSeconds(30)), gateway.stderr());
      assertFalse(Processes.running(postgres), "embedded PostgreSQL still running");
      assertTrue(gateway.stderr().contains("LinkGate stopped"), gateway.stderr());
    }
  }
}
