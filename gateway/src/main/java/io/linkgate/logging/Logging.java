package io.linkgate.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import io.linkgate.config.LogConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the configured level and format to the root logger. Logs go to stderr; stdout is for output. */
public final class Logging {

  private Logging() {
  }

  public static void configure(LogConfig config) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    EncoderBase<ILoggingEvent> encoder = config.format() == LogConfig.Format.JSON ? new JsonLogEncoder() : new TextLogEncoder();
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("console");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.toLevel(config.level(), Level.INFO));
    // third-party chatter stays at WARN unless the operator asks for DEBUG or TRACE
    Level libraries = root.getLevel().isGreaterOrEqual(Level.INFO) ? Level.WARN : root.getLevel();
    for (String name : new String[] {"io.netty", "io.zonky", "org.flywaydb", "io.vertx"}) {
      context.getLogger(name).setLevel(libraries);
    }
    // several HTTP servers share Vert.x's gauges by design; Micrometer's duplicate-gauge notice is noise
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
  }
}
