package io.linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.config.GatewayConfig;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client trickling a request body a byte at a time (each byte restarts Vert.x's idle timeout) no longer holds a
 * connection for as long as it likes: the whole body is due within {@code api.idleTimeout} (2 s here) of the headers,
 * also when the request was answered before its body was read.
 * Answers that end later than that, and event streams, are not cut; idle connections are still closed.
 */
class RequestDeadlinesTest {

  static Vertx vertx;
  static int port;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    ApiConfig config = GatewayConfig.load(null, Map.of(),
        Map.of("api.port", "0", "api.host", "127.0.0.1", "api.idleTimeout", "2s")).api();
    ApiVerticle verticle = new ApiVerticle(config, router -> {
      router.get("/slow-answer").handler(ctx -> vertx.setTimer(1200, t -> ctx.response().end("done")));
      router.get("/stream").handler(ctx -> {
        ctx.response().setChunked(true).putHeader("Content-Type", "text/event-stream").writeHead();
        long[] sent = {0};
        vertx.setPeriodic(400, id -> {
          ctx.response().write("data: " + sent[0] + "\n\n");
          if (++sent[0] == 8) {
            vertx.cancelTimer(id);
            ctx.response().end();
          }
        });
      });
      router.post("/echo").handler(BodyHandler.create(false)).handler(ctx -> ctx.response().end(ctx.body().asString()));
      router.post("/slow-echo").handler(BodyHandler.create(false))
          .handler(ctx -> vertx.setTimer(1200, t -> ctx.response().end(ctx.body().asString())));
    });
    vertx.deployVerticle(verticle).await();
    port = verticle.actualPort();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** Vert.x's idle timeout watches decoded messages: a header block trickled in never restarts it (not ours, relied on). */
  @Test
  void should_close_a_connection_whose_headers_trickle_in_past_the_idle_timeout_without_an_answer() throws Exception {
    try (Socket socket = socket()) {
      Trickled t = trickle(socket, "GET /slow-answer HTTP/1.1\r\nHost: x\r\n", 'X');
      assertEquals("", t.received(), "the server answered a request it never fully received");
      assertTrue(t.closed() && t.millis() < 5000, "closed after " + t.millis() + " ms, the idle timeout is 2 s");
    }
  }

  @Test
  void should_answer_408_problem_and_close_when_the_body_trickles_in_past_the_timeout() throws Exception {
    try (Socket socket = socket()) {
      Trickled t = trickle(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n"
          + "X-Correlation-Id: slow-body-0001\r\n\r\n", 'b');
      String answer = t.received();
      assertTrue(t.millis() < 6000, "answered after " + t.millis() + " ms");
      assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
      assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
      assertTrue(answer.toLowerCase().contains("connection: close"), answer);
      JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertEquals(ProblemType.PREFIX + "request-timeout", problem.getString("type"));
      assertEquals(408, problem.getInteger("status"));
      assertEquals("slow-body-0001", problem.getString("correlationId"));
    }
  }

  @Test
  void should_close_a_connection_answered_early_whose_body_goes_on_trickling_past_the_timeout() throws Exception {
    try (Socket socket = socket()) {
      // answered 404 at once; then a body byte every 300 ms, each restarting the idle timeout
      Trickled t = trickle(socket, "POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n", 'b');
      assertTrue(t.received().startsWith("HTTP/1.1 404 "), t.received());
      assertTrue(t.closed(), "still open after " + t.millis() + " ms");
      assertTrue(t.millis() < 5000, "closed after " + t.millis() + " ms, the deadline is 2 s");
    }
  }

  /** What came back while a request trickled in, whether the server closed the connection, and after how long. */
  private record Trickled(String received, boolean closed, long millis) {
  }

  /**
   * Writes {@code start}, then one {@code each} byte every ~300 ms (reading whatever the server sends meanwhile) until
   * the server closes the connection, or for at most 10 s.
   */
  private static Trickled trickle(Socket socket, String start, char each) throws IOException {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    out.write(start.getBytes(StandardCharsets.US_ASCII));
    long begun = System.nanoTime();
    socket.setSoTimeout(300);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    boolean closed = false;
    while (!closed && millisSince(begun) < 10000) {
      try {
        out.write(each);
        out.flush();
      } catch (IOException e) {
        closed = true;
        break;
      }
      try {
        int n = in.read();
        if (n < 0) {
          closed = true;
        } else {
          got.write(n);
          got.write(in.readNBytes(in.available()));
        }
      } catch (SocketTimeoutException stillOpen) {
        // nothing yet
      } catch (IOException reset) {
        closed = true;
      }
    }
    if (closed) {
      try {
        got.write(in.readAllBytes()); // the rest of an answer sent just before the close
      } catch (IOException gone) {
        // reset: what arrived is all there is
      }
    }
    socket.setSoTimeout(10_000);
    return new Trickled(got.toString(StandardCharsets.UTF_8), closed, millisSince(begun));
  }

  @Test
  void should_not_cut_an_answer_or_an_event_stream_that_ends_past_the_deadline() throws Exception {
    try (Socket socket = socket()) {
      // Vert.x's idle timeout (the same 2 s) cuts any exchange silent for that long; these never are, but each
      // ends more than 2 s after its headers arrived (the slow answers: 1.2 s of silence at most)
      socket.getOutputStream().write(("POST /slow-echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
          + "Content-Length: 5\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      Thread.sleep(1200);
      String echoed = exchange(socket, "hello", "hello");
      assertTrue(echoed.startsWith("HTTP/1.1 200 "), echoed);
      // the same connection, kept alive
      String slow = exchange(socket, "GET /slow-answer HTTP/1.1\r\nHost: x\r\n\r\n", "done");
      assertTrue(slow.startsWith("HTTP/1.1 200 "), slow);
      String stream = exchange(socket, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", "data: 7");
      assertTrue(stream.contains("data: 0") && stream.contains("data: 7"), stream);
    }
  }

  @Test
  void should_still_close_a_kept_alive_connection_that_stays_idle() throws Exception {
    try (Socket socket = socket()) {
      exchange(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok", "ok");
      long start = System.nanoTime();
      assertTrue(readsEndOfStream(socket, 5000), "an idle connection is closed");
      assertTrue(millisSince(start) < 4500, "after " + millisSince(start) + " ms");
    }
  }

  @Test
  void should_forget_requests_once_read_or_answered_and_track_none_without_a_body() throws Exception {
    RequestDeadlines deadlines = new RequestDeadlines(TimeUnit.SECONDS.toNanos(60));
    Context context = vertx.getOrCreateContext();
    Promise<HttpServer> listening = Promise.promise();
    context.runOnContext(v -> vertx.createHttpServer()
        .requestHandler(request -> {
          deadlines.received(request);
          request.body().onSuccess(body -> request.response().end("ok"));
        })
        .listen(0, "127.0.0.1").onComplete(listening));
    HttpServer server = listening.future().await();
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.setSoTimeout(10_000);
      exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "ok");
      assertEquals(0, onContext(context, deadlines::tracked), "a request without a body is not tracked");
      exchange(socket, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi", "ok");
      assertEquals(1, onContext(context, deadlines::tracked));
      assertEquals(0, onContext(context, deadlines::sweep), "nothing refused");
      assertEquals(0, onContext(context, deadlines::tracked), "a request read and answered is forgotten");
    } finally {
      server.close().await();
    }
  }

  private static int onContext(Context context, java.util.function.IntSupplier read) {
    Promise<Integer> value = Promise.promise();
    context.runOnContext(v -> value.complete(read.getAsInt()));
    return value.future().await();
  }

  private static Socket socket() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Writes a request and reads until {@code last} appears in what came back. */
  private static String exchange(Socket socket, String request, String last) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!got.toString(StandardCharsets.UTF_8).contains(last)) {
      int n = in.read(buffer);
      if (n < 0) {
        throw new AssertionError("closed before the answer was complete: " + got.toString(StandardCharsets.UTF_8));
      }
      got.write(buffer, 0, n);
    }
    return got.toString(StandardCharsets.UTF_8);
  }

  /** True if the server closed the connection within {@code millis} (without sending anything). */
  private static boolean readsEndOfStream(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      int b = socket.getInputStream().read();
      if (b >= 0) {
        throw new AssertionError("the server answered a request it never fully received");
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    } finally {
      socket.setSoTimeout(10_000);
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
