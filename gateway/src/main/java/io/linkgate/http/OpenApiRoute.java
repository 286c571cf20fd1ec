package io.linkgate.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;

/**
 * Serves the OpenAPI description of the API at {@code /openapi.yaml}, revalidated on each use ({@link Revalidated}): a
 * client never reads the description of the version before an upgrade.
 */
public final class OpenApiRoute {

  private final Revalidated document;

  private OpenApiRoute(Buffer document) {
    this.document = Revalidated.of(document, "application/yaml; charset=utf-8");
  }

  public static OpenApiRoute load() {
    try (InputStream in = OpenApiRoute.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml missing from the jar");
      }
      return new OpenApiRoute(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void mount(Router router) {
    router.get("/openapi.yaml").handler(document::send);
  }
}
