package io.linkgate.console;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium (Debian's {@code chromium} package) driven over the Chrome DevTools Protocol with Vert.x's
 * WebSocket client: no driver binary, no browser download, no extra library. One page; every wait happens in
 * the page (a MutationObserver with a deadline), never by sleeping here.
 */
final class Chromium implements AutoCloseable {

  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Vertx vertx = Vertx.vertx();
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<JsonObject>> listeners = new CopyOnWriteArrayList<>();
  private final List<String> console = new CopyOnWriteArrayList<>();
  private String session;

  private Chromium(Process process, String endpoint) {
    this.process = process;
    URI uri = URI.create(endpoint);
    var client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(64 * 1024 * 1024).setMaxMessageSize(256 * 1024 * 1024));
    var options = new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort()).setURI(uri.getPath());
    WebSocket connected = null;
    // Chromium prints its DevTools address a moment before it takes connections; one closed handshake in a CI run
    for (int attempt = 1; connected == null; attempt++) {
      try {
        connected = client.connect(options).await();
      } catch (RuntimeException e) {
        if (attempt == 10) {
          throw e;
        }
        sleep(200);
      }
    }
    socket = connected;
    socket.textMessageHandler(this::receive);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The browser binary: {@code -Dchromium.binary}, else Debian's {@code /usr/bin/chromium}; null when none is installed. */
  static Path binary() {
    String configured = System.getProperty("chromium.binary", System.getenv("CHROMIUM_BINARY"));
    for (String candidate : configured != null ? List.of(configured) : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      Path p = Path.of(candidate);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  static Chromium launch(Path binary, Path profile, Duration timeout) throws Exception {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-background-networking", "--disable-sync", "--disable-component-update", "--disable-default-apps",
        "--mute-audio", "--lang=th-TH", "--window-size=1280,900", "about:blank"));
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          Matcher m = DEVTOOLS.matcher(line);
          if (m.find()) {
            endpoint.complete(m.group(1));
          } else if (!endpoint.isDone()) {
            output.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        // the browser went away
      }
      endpoint.completeExceptionally(new IllegalStateException("chromium exited before DevTools listened:\n" + output));
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      Chromium browser = new Chromium(process, endpoint.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      browser.openPage();
      return browser;
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private void openPage() {
    String target = browserCall("Target.createTarget", new JsonObject().put("url", "about:blank")).getString("targetId");
    session = browserCall("Target.attachToTarget", new JsonObject().put("targetId", target).put("flatten", true)).getString("sessionId");
    call("Page.enable", new JsonObject());
    call("Runtime.enable", new JsonObject());
    call("Log.enable", new JsonObject());
    call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 1280).put("height", 900).put("deviceScaleFactor", 1).put("mobile", false));
    listeners.add(event -> {
      String method = event.getString("method");
      JsonObject params = event.getJsonObject("params", new JsonObject());
      if ("Runtime.consoleAPICalled".equals(method)) {
        JsonArray args = params.getJsonArray("args", new JsonArray());
        console.add(params.getString("type") + ": " + (args.isEmpty() ? "" : args.getJsonObject(0).getValue("value")));
      } else if ("Log.entryAdded".equals(method)) {
        JsonObject entry = params.getJsonObject("entry");
        console.add(entry.getString("level") + " [" + entry.getString("source") + "]: " + entry.getString("text"));
      } else if ("Runtime.exceptionThrown".equals(method)) {
        console.add("exception: " + params.getJsonObject("exceptionDetails").encode());
      }
    });
  }

  private void receive(String text) {
    JsonObject message = new JsonObject(text);
    Long id = message.getLong("id");
    if (id != null) {
      CompletableFuture<JsonObject> f = pending.remove(id);
      if (f != null) {
        if (message.containsKey("error")) {
          f.completeExceptionally(new IllegalStateException("CDP error: " + message.getJsonObject("error").encode()));
        } else {
          f.complete(message.getJsonObject("result", new JsonObject()));
        }
      }
    } else {
      listeners.forEach(l -> l.accept(message));
    }
  }

  private JsonObject send(String method, JsonObject params, String sessionId, Duration timeout) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonObject> f = new CompletableFuture<>();
    pending.put(id, f);
    JsonObject message = new JsonObject().put("id", id).put("method", method).put("params", params);
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    socket.writeTextMessage(message.encode());
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(method + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(method + " did not answer in " + timeout, e);
    } finally {
      pending.remove(id);
    }
  }

  JsonObject browserCall(String method, JsonObject params) {
    return send(method, params, null, Duration.ofSeconds(20));
  }

  JsonObject call(String method, JsonObject params) {
    return send(method, params, session, Duration.ofSeconds(30));
  }

  /** Calls {@code method} and waits for the first event named {@code event} matching {@code filter}. */
  JsonObject callAndAwait(String method, JsonObject params, String event, java.util.function.Predicate<JsonObject> filter, Duration timeout) {
    CompletableFuture<JsonObject> seen = new CompletableFuture<>();
    Consumer<JsonObject> l = e -> {
      if (event.equals(e.getString("method")) && filter.test(e.getJsonObject("params"))) {
        seen.complete(e.getJsonObject("params"));
      }
    };
    listeners.add(l);
    try {
      if (method.startsWith("Browser.")) {
        browserCall(method, params);
      } else {
        call(method, params);
      }
      return seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("no " + event + " within " + timeout, e);
    } finally {
      listeners.remove(l);
    }
  }

  void navigate(String url) {
    callAndAwait("Page.navigate", new JsonObject().put("url", url), "Page.loadEventFired", p -> true, Duration.ofSeconds(30));
  }

  /** Evaluates a JavaScript expression in the page (promises awaited) and returns its JSON value. */
  Object eval(String expression) {
    JsonObject result = call("Runtime.evaluate", new JsonObject().put("expression", expression).put("awaitPromise", true)
        .put("returnByValue", true).put("userGesture", true));
    if (result.containsKey("exceptionDetails")) {
      throw new IllegalStateException("script failed: " + result.getJsonObject("exceptionDetails").encode());
    }
    return result.getJsonObject("result").getValue("value");
  }

  String text(String selector) {
    Object v = eval("(() => { const e = document.querySelector(" + js(selector) + "); return e ? e.innerText : null; })()");
    return v == null ? null : v.toString();
  }

  /**
   * Waits, inside the page, until the JavaScript condition holds (re-checked on every DOM change and every
   * 100 ms of the page's clock); fails with {@code what} and the page's text after {@code timeout}.
   */
  void await(String condition, String what, Duration timeout) {
    Object ok = eval("new Promise(resolve => {"
        + " const test = () => { try { return !!(" + condition + "); } catch (e) { return false; } };"
        + " if (test()) { resolve(true); return; }"
        + " const done = v => { observer.disconnect(); clearInterval(tick); clearTimeout(limit); resolve(v); };"
        + " const observer = new MutationObserver(() => { if (test()) done(true); });"
        + " observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });"
        + " const tick = setInterval(() => { if (test()) done(true); }, 100);"
        + " const limit = setTimeout(() => done(test()), " + timeout.toMillis() + ");"
        + "})");
    if (!Boolean.TRUE.equals(ok)) {
      throw new AssertionError("waited " + timeout + " for " + what + "; the page shows:\n" + text("body") + "\nconsole:\n" + String.join("\n", console));
    }
  }

  void awaitVisible(String selector, Duration timeout) {
    await("(() => { const e = document.querySelector(" + js(selector) + "); return e && e.offsetParent !== null; })()", selector, timeout);
  }

  void click(String selector) {
    Object found = eval("(() => { const e = document.querySelector(" + js(selector) + "); if (!e) return false; e.click(); return true; })()");
    if (!Boolean.TRUE.equals(found)) {
      throw new AssertionError("nothing to click at " + selector + "; the page shows:\n" + text("body"));
    }
  }

  /** Focuses the field and types into it as a keyboard would (replacing what was there). */
  void type(String selector, String value) {
    eval("(() => { const e = document.querySelector(" + js(selector) + "); e.focus(); e.select && e.select(); })()");
    call("Input.insertText", new JsonObject().put("text", value));
  }

  void setValue(String selector, String value) {
    eval("(() => { const e = document.querySelector(" + js(selector) + "); e.value = " + js(value)
        + "; e.dispatchEvent(new Event('change', { bubbles: true })); })()");
  }

  void press(String key, String code, int keyCode) {
    JsonObject down = new JsonObject().put("type", "keyDown").put("key", key).put("code", code).put("windowsVirtualKeyCode", keyCode);
    if ("Enter".equals(key)) {
      down.put("text", "\r");
    }
    call("Input.dispatchKeyEvent", down);
    call("Input.dispatchKeyEvent", new JsonObject().put("type", "keyUp").put("key", key).put("code", code).put("windowsVirtualKeyCode", keyCode));
  }

  /** A full-page PNG of what the page shows now. */
  void screenshot(Path file) throws IOException {
    JsonObject metrics = call("Page.getLayoutMetrics", new JsonObject()).getJsonObject("cssContentSize");
    JsonObject clip = new JsonObject().put("x", 0).put("y", 0).put("width", Math.max(1280, metrics.getDouble("width")))
        .put("height", Math.min(6000, Math.max(900, metrics.getDouble("height")))).put("scale", 1);
    String data = call("Page.captureScreenshot", new JsonObject().put("format", "png").put("captureBeyondViewport", true).put("clip", clip))
        .getString("data");
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(data));
  }

  /** The page printed to PDF, with its own print CSS and {@code @page} size (A4). */
  byte[] printToPdf() {
    String data = call("Page.printToPDF", new JsonObject().put("preferCSSPageSize", true).put("printBackground", true)).getString("data");
    return Base64.getDecoder().decode(data);
  }

  void emulateMedia(String media) {
    call("Emulation.setEmulatedMedia", new JsonObject().put("media", media));
  }

  List<String> console() {
    return List.copyOf(console);
  }

  static String js(String s) {
    return new JsonArray().add(s).encode().replaceAll("^\\[|\\]$", "");
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (RuntimeException e) {
      // the browser is going away anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    vertx.close();
  }
}
