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
      if (bindFailure(e)) {
        throw new IllegalStateException(message(key, host, port), e);
      }
      throw e;
    }
  }

  static String message(String key, String host, int port) {
    return key + ": " + host + ":" + port + " is already in use by another process; choose a free port with "
        + ConfigSource.envName(key) + " (or " + key + " in --config)";
  }

  private static boolean bindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }
}
