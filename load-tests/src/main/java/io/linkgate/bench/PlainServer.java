package io.linkgate.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The ceiling of the side-by-side benchmark: a plain Vert.x HTTP server that answers every request with a
 * person-shaped JSON body of exactly {@code --bytes} bytes (LinkGate's answer size, measured by the benchmark
 * script), and nothing else: no routing, no policies, no usage record. Deployed like LinkGate's API verticle,
 * one instance per event loop. {@code Bench plain-server --port P --bytes N}.
 */
public final class PlainServer extends VerticleBase {

  private final int port;
  private final Buffer body;

  PlainServer(int port, Buffer body) {
    this.port = port;
    this.body = body;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(req -> req.response()
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(body))
        .listen();
  }

  /** A person-like JSON object padded to exactly {@code bytes} bytes. */
  static Buffer personJson(int bytes) {
    JsonObject person = new JsonObject()
        .put("titleDesc", "Mr.").put("firstName", "Somchai").put("middleName", "").put("lastName", "Benchmark")
        .put("genderDesc", "male").put("dateOfBirth", 25300101).put("nationalityDesc", "Thai")
        .put("ownerStatusDesc", "resident").put("dateOfMoveIn", 25600101).put("age", 39)
        .put("fatherName", "Father").put("motherName", "Mother").put("padding", "");
    int base = person.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes < base) {
      throw new IllegalArgumentException("--bytes must be at least " + base);
    }
    person.put("padding", "x".repeat(bytes - base));
    Buffer out = Buffer.buffer(person.encode());
    if (out.length() != bytes) {
      throw new IllegalStateException("padding miscounted: " + out.length());
    }
    return out;
  }

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> opts = Bench.options(args);
    int port = Integer.parseInt(opts.getOrDefault("port", "28300"));
    Buffer body = personJson(Integer.parseInt(opts.getOrDefault("bytes", "900")));
    Vertx vertx = Vertx.vertx();
    int instances = Runtime.getRuntime().availableProcessors(); // one per CPU core, as LinkGate's api.instances 0
    vertx.deployVerticle(() -> new PlainServer(port, body), new DeploymentOptions().setInstances(instances)).await();
    System.out.println("plain Vert.x server on http://127.0.0.1:" + port + " (" + instances + " instances, " + body.length() + "-byte answers)");
    System.out.flush();
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
    forever.await();
  }
}
