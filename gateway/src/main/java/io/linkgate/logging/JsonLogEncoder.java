package io.linkgate.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line: {@code ts, level, logger, thread, msg}, then the event's key-value pairs, the
 * {@code correlationId} of the request being handled ({@link RequestLogContext}) unless a pair names one, then
 * {@code error}. Callers put no personal data in messages or pairs.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

  static final String CORRELATION_ID = "correlationId";
  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    JsonObject line = new JsonObject()
        .put("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString())
        .put("level", event.getLevel().toString())
        .put("logger", event.getLoggerName())
        .put("thread", event.getThreadName())
        .put("msg", event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        line.put(kv.key, kv.value == null ? null : kv.value instanceof Number || kv.value instanceof Boolean ? kv.value : String.valueOf(kv.value));
      }
    }
    String correlationId = RequestLogContext.correlationId();
    if (correlationId != null && !line.containsKey(CORRELATION_ID)) {
      line.put(CORRELATION_ID, correlationId);
    }
    if (event.getThrowableProxy() != null) {
      line.put("error", describe(event.getThrowableProxy()));
    }
    return (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static final String REDACTED = io.linkgate.http.FailureHandler.Redacted.class.getName();

  static String describe(IThrowableProxy t) {
    StringBuilder sb = new StringBuilder();
    int depth = 0;
    for (IThrowableProxy cur = t; cur != null && depth < 5; cur = cur.getCause(), depth++) {
      if (depth > 0) {
        sb.append("\ncaused by: ");
      }
      if (cur.getClassName().equals(REDACTED)) {
        sb.append(cur.getMessage()); // the original class, without its message
      } else {
        sb.append(cur.getClassName()).append(": ").append(cur.getMessage());
      }
      StackTraceElementProxy[] frames = cur.getStackTraceElementProxyArray();
      for (int i = 0; i < Math.min(frames.length, 12); i++) {
        sb.append("\n  at ").append(frames[i].getStackTraceElement());
      }
    }
    return sb.toString();
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
