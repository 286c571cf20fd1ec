package io.linkgate.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/** Human-readable lines for a terminal: time, level, logger, message, then key=value pairs (with the request's correlationId). */
public final class TextLogEncoder extends EncoderBase<ILoggingEvent> {

  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String logger = event.getLoggerName();
    StringBuilder sb = new StringBuilder()
        .append(Instant.ofEpochMilli(event.getTimeStamp())).append(' ')
        .append(String.format("%-5s", event.getLevel())).append(' ')
        .append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ")
        .append(event.getFormattedMessage());
    boolean named = false;
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        sb.append(' ').append(kv.key).append('=').append(kv.value);
        named |= JsonLogEncoder.CORRELATION_ID.equals(kv.key);
      }
    }
    String correlationId = RequestLogContext.correlationId();
    if (correlationId != null && !named) {
      sb.append(' ').append(JsonLogEncoder.CORRELATION_ID).append('=').append(correlationId);
    }
    if (event.getThrowableProxy() != null) {
      sb.append('\n').append(JsonLogEncoder.describe(event.getThrowableProxy()));
    }
    return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
