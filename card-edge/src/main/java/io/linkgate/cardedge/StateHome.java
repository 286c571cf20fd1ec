package io.linkgate.cardedge;

import java.nio.file.Path;

/**
 * Where card-edge keeps its state unless told otherwise ({@code --device-key}, {@code --local-token-file},
 * {@code --sim-state-dir}): {@code $HOME/.linkgate}, the home the officer's shell has (Java's {@code user.home} comes
 * from the password database and ignores {@code HOME}); {@code user.home} when {@code HOME} is unset or empty.
 */
public final class StateHome {

  private StateHome() {
  }

  /** {@code <home>/.linkgate} for this process. */
  public static Path directory() {
    return directory(System.getenv("HOME"), System.getProperty("user.home"));
  }

  static Path directory(String homeVariable, String userHome) {
    return Path.of(homeVariable == null || homeVariable.isEmpty() ? userHome : homeVariable, ".linkgate");
  }
}
