package io.linkgate.console;

import io.linkgate.http.Revalidated;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's files (the page, its ES modules and styles), each answered with an {@code ETag} of its content and
 * {@code Cache-Control: no-cache} ({@link Revalidated}): a browser revalidates every file it uses and gets a 304 while
 * it is unchanged, so after an upgrade it runs the new modules at once, never old ones (or a mix) against the new
 * API. A file is read from the classpath once, on a worker, then kept: the set of files is fixed by the jar. Only
 * plain names with a known extension are looked up; anything else (dot files, {@code ..}, directories) is not found.
 */
final class ConsoleAssets {

  private static final Pattern NAME = Pattern.compile("(?:[A-Za-z0-9][A-Za-z0-9_-]*/)*[A-Za-z0-9][A-Za-z0-9_.-]*\\.([a-z0-9]+)");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "woff2", "font/woff2");

  private final String root;
  private final Function<String, InputStream> resources;
  private final Map<String, Revalidated> loaded = new ConcurrentHashMap<>();

  /** {@code resources} opens a classpath resource by name (null when there is none). */
  ConsoleAssets(String root, Function<String, InputStream> resources) {
    this.root = root;
    this.resources = resources;
  }

  /** {@code name} is the path under the console's root; empty is the page. Not found: the next handler (404). */
  void serve(RoutingContext ctx, String name) {
    String file = name.isEmpty() ? "index.html" : name;
    Matcher m = NAME.matcher(file);
    String type = m.matches() ? TYPES.get(m.group(1)) : null;
    if (type == null) {
      ctx.next();
      return;
    }
    Revalidated asset = loaded.get(file);
    Future<Optional<Revalidated>> found = asset != null ? Future.succeededFuture(Optional.of(asset))
        : ctx.vertx().executeBlocking(() -> read(file, type));
    found.onSuccess(a -> {
      if (a.isEmpty()) {
        ctx.next();
        return;
      }
      loaded.putIfAbsent(file, a.get());
      a.get().send(ctx);
    }).onFailure(ctx::fail);
  }

  private Optional<Revalidated> read(String file, String type) {
    try (InputStream in = resources.apply(root + "/" + file)) {
      return in == null ? Optional.empty() : Optional.of(Revalidated.of(Buffer.buffer(in.readAllBytes()), type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
