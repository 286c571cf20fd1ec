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

    JsonObject out = ConstantRate.run(url, "X-Test:  a b \nX-Other: two\n", 1000, 0, 1, 8);

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

    JsonObject out = ConstantRate.run(URI.create("http://127.0.0.1:" + port + "/"), "", 200, 0, 1, 4);

    assertEquals(200, out.getLong("completed"));
    assertEquals(200, out.getLong("errors"));
  }
}
