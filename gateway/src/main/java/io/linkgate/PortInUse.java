package io.linkgate;

import io.linkgate.config.ConfigSource;
import java.net.BindException;
import java.util.function.Supplier;

/**
 * Start-up of a listener whose port another process holds. The JDK says only "Address already in use", and the
 * gateway opens up to three listeners (API, management, sandbox): the failure names the setting, the address and
 * the variable that moves it.
 */
final class PortInUse {

  private PortInUse() {
  }

  /**
   * Runs {@code listen} (a deployment awaited); a bind failure becomes an {@link IllegalStateException} naming
   * {@code key} with {@code host} and {@code port}. {@code Future.await()} rethrows the {@link BindException}
   * unchecked, so it is looked for in what is thrown and its causes.
   */
  static <T> T listen(String key, String host, int port, Supplier<T> listen) {
    try {
      return listen.get();
    } catch (Exception e) {
      BindException bind = bindFailure(e);
      if (bind != null) {
        throw new IllegalStateException(message(key, host, port, bind.getMessage()), e);
      }
      throw e;
    }
  }

  /**
   * The JDK raises {@link BindException} for a port in use, but also for a privileged port without the right
   * (EACCES) and an address this machine does not have (EADDRNOTAVAIL): only the first is worded as "in use".
   */
  static String message(String key, String host, int port, String reason) {
    String where = key + ": " + host + ":" + port;
    String move = ConfigSource.envName(key) + " (or " + key + " in --config)";
    if (reason != null && reason.contains("in use")) {
      return where + " is already in use by another process; choose a free port with " + move;
    }
    return where + " cannot be listened on (" + reason + "); check the address and the port, set with " + move
        + " and " + ConfigSource.envName(key.replace(".port", ".host"));
  }

  private static BindException bindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException b) {
        return b;
      }
    }
    return null;
  }
}
