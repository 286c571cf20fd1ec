package io.linkgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.linkgate.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnswerBodyTest {

  final Vertx vertx = Vertx.vertx();
  HttpServer server;
  HttpClientAgent client;

  @BeforeEach
  void start() {
    server = vertx.createHttpServer().requestHandler(req -> {
      HttpServerResponse response = req.response();
      int chunks = Integer.parseInt(req.getParam("chunks"));
      int size = Integer.parseInt(req.getParam("size"));
      if (chunks == 1) {
        response.end(Buffer.buffer("x".repeat(size)));
        return;
      }
      response.setChunked(true);
      for (int i = 0; i < chunks; i++) {
        response.write(Buffer.buffer(String.valueOf((char) ('a' + i % 26)).repeat(size)));
      }
      response.end();
    }).listen(0, "127.0.0.1").await();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  Future<Buffer> fetch(int chunks, int size, int max) {
    return client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/?chunks=" + chunks + "&size=" + size)
        .compose(request -> request.send().compose(response -> AnswerBody.read(request, response, max)));
  }

  @Test
  void should_read_an_answer_in_one_piece_or_in_many() {
    assertEquals("x".repeat(900), fetch(1, 900, 4096).await().toString());
    assertEquals("", fetch(1, 0, 4096).await().toString());
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      expected.append(String.valueOf((char) ('a' + i % 26)).repeat(100));
    }
    assertEquals(expected.toString(), fetch(30, 100, 4096).await().toString());
    assertEquals(3000, fetch(30, 100, 3000).await().length(), "exactly the bound is still read");
  }

  @Test
  void should_cut_off_an_answer_larger_than_the_bound_as_an_upstream_error() {
    for (int[] c : new int[][] {{1, 5000}, {30, 200}}) {
      Throwable failure = fetch(c[0], c[1], 4096).transform(ar -> Future.succeededFuture(ar.cause())).await();
      assertSame(UpstreamProblems.ERROR, ((ProblemException) failure).type(), "chunks " + c[0]);
    }
    assertEquals("x".repeat(10), fetch(1, 10, 4096).await().toString(), "the client keeps working after a reset");
  }
}
