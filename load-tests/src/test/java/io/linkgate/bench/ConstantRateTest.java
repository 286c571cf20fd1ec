package io.linkgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConstantRateTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void framesAContentLengthResponseOnlyOnceItsLastByteArrived() {
    String response = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"b c\"}";
    for (int cut = 0; cut < response.length(); cut++) {
      assertNull(ResponseFraming.next(Buffer.buffer(response.substring(0, cut))), "cut at " + cut);
    }
    ResponseFraming.Response r = ResponseFraming.next(Buffer.buffer(response + "HTTP/1.1 503 Service Unavailable\r\n"));
    assertEquals(response.length(), r.length());
    assertEquals(200, r.status());
    assertFalse(r.close());
  }

  @Test
  void framesAChunkedResponseAndSeesConnectionClose() {
    String response = "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\nconnection: Close\r\n\r\n"
        + "5\r\nhello\r\n1a;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n";
    for (int cut = 0; cut < response.length(); cut++) {
      assertNull(ResponseFraming.next(Buffer.buffer(response.substring(0, cut))), "cut at " + cut);
    }
    ResponseFraming.Response r = ResponseFraming.next(Buffer.buffer(response + "HTTP/1.1"));
    assertEquals(response.length(), r.length());
    assertEquals(503, r.status());
    assertTrue(r.close());
  }

  @Test
  void refusesWhatItCannotFrame() {
    assertThrows(IllegalStateException.class, () -> ResponseFraming.next(Buffer.buffer("SSH-2.0-OpenSSH\r\n\r\n")));
    assertThrows(IllegalStateException.class, () -> ResponseFraming.next(Buffer.buffer("HTTP/1.1 2x0 OK\r\n\r\n")));
    assertThrows(IllegalStateException.class, () -> ResponseFraming.next(Buffer.buffer("HTTP/1.1 200 OK\r\n\r\nbody")));
    assertEquals(21, ResponseFraming.next(Buffer.buffer("HTTP/1.1 204 None\r\n\r\n")).length());
  }

  /**
   * A thousand requests at 1,000/s against a server that answers some chunked, some with a length, every tenth 503,
   * and closes the connection after every 25th answer (saying so): every request is sent with its headers and answered, the
   * 503s are the errors, and closed connections are replaced without losing a request.
   */
  @Test
  void sendsEveryRequestAtTheRateAndCountsWhatWasNotA200() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    AtomicInteger wrong = new AtomicInteger();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      int n = seen.incrementAndGet();
      if (!"/person?cid=1".equals(req.uri()) || !"a b".equals(req.getHeader("X-Test"))
          || !"two".equals(req.getHeader("X-Other"))) {
        wrong.incrementAndGet();
      }
      var resp = req.response().setStatusCode(n % 10 == 0 ? 503 : 200);
      if (n % 25 == 0) {
        resp.putHeader("Connection", "close");
        resp.endHandler(v -> req.connection().close());
      }
      if (n % 2 == 0) {
        resp.setChunked(true).write("{\"n\":").compose(v -> resp.end(n + "}"));
      } else {
        resp.end("{\"n\":" + n + "}");
      }
    }).listen(0, "127.0.0.1").await();
    URI url = URI.create("http://127.0.0.1:" + server.actualPort() + "/person?cid=1");

    JsonObject out = ConstantRate.run(url, "X-Test:  a b \nX-Other: two\n", 1000, 0, 1, 8, 5000);

    assertEquals(1000, out.getLong("requests"));
    assertEquals(1000, out.getLong("completed"));
    assertTrue(out.getBoolean("complete"));
    assertEquals(1000, seen.get());
    assertEquals(0, wrong.get());
    assertEquals(100, out.getLong("errors"));
    assertTrue(out.getLong("p50us") > 0 && out.getLong("p50us") <= out.getLong("p99us")
        && out.getLong("p99us") <= out.getLong("maxUs"), out.encode());
  }

  @Test
  void aServerThatIsNotListeningIsErrorsNotAHang() throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response().end()).listen(0, "127.0.0.1").await();
    int port = server.actualPort();
    server.close().await();

    JsonObject out = ConstantRate.run(URI.create("http://127.0.0.1:" + port + "/"), "", 200, 0, 1, 4, 5000);

    assertEquals(200, out.getLong("completed"));
    assertEquals(200, out.getLong("errors"));
  }

  /**
   * One connection, a server taking 20 ms per answer, 100 requests due in a second: they queue for the connection,
   * which is the server's slowness, not the client's. The client's timer stays on time; the wait for the connection
   * is reported apart and stays in the latency (counted from the due time).
   */
  @Test
  void should_report_waiting_for_a_busy_connection_apart_from_timer_lateness_when_the_server_queues() throws Exception {
    HttpServer server = vertx.createHttpServer()
        .requestHandler(req -> vertx.setTimer(20, t -> req.response().end("{}")))
        .listen(0, "127.0.0.1").await();

    JsonObject out = ConstantRate.run(URI.create("http://127.0.0.1:" + server.actualPort() + "/"), "", 100, 0, 1, 1, 5000);

    assertEquals(0, out.getLong("errors"), out.encode());
    assertTrue(out.getLong("connWaitP99us") > 500_000, out.encode());
    assertTrue(out.getLong("timerLagP99us") < 100_000, out.encode());
    assertTrue(out.getLong("p99us") >= out.getLong("connWaitP99us"), out.encode());
    // counted from when the timer woke, the queueing for the connection stays: it is the server's
    assertTrue(out.getLong("fromTimerP99us") >= out.getLong("connWaitP99us")
        && out.getLong("fromTimerP99us") <= out.getLong("p99us"), out.encode());
  }

  /**
   * Every fifth request is never answered: each is a timeout error after 300 ms, its connection replaced, its
   * latency at least the time waited (not 0), and the others are all answered.
   */
  @Test
  void should_count_a_request_as_an_error_with_the_time_waited_when_it_is_not_answered_in_time() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      if (seen.incrementAndGet() % 5 != 0) {
        req.response().end("{}");
      }
    }).listen(0, "127.0.0.1").await();

    JsonObject out = ConstantRate.run(URI.create("http://127.0.0.1:" + server.actualPort() + "/"), "", 100, 0, 1, 8, 300);

    assertEquals(100, out.getLong("completed"), out.encode());
    assertEquals(20, out.getLong("errors"), out.encode());
    assertEquals(20, out.getLong("timeouts"), out.encode());
    assertTrue(out.getLong("p90us") >= 300_000, out.encode());
    assertTrue(out.getLong("p50us") < 300_000, out.encode());
  }

  /**
   * A server that accepts connections and never answers, two connections, a 200 ms timeout: the run gives up twice
   * the timeout after the last request was due; whatever was still waiting for a connection is unfinished, an
   * error, and its latency the time it waited.
   */
  @Test
  void should_count_unfinished_requests_as_errors_with_the_time_waited_when_the_run_gives_up() throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(req -> { }).listen(0, "127.0.0.1").await();

    JsonObject out = ConstantRate.run(URI.create("http://127.0.0.1:" + server.actualPort() + "/"), "", 100, 0, 1, 2, 200);

    assertFalse(out.getBoolean("complete"), out.encode());
    assertTrue(out.getLong("unfinished") > 0, out.encode());
    assertEquals(100, out.getLong("errors"), out.encode());
    assertTrue(out.getLong("p50us") >= 200_000, out.encode());
  }
}
