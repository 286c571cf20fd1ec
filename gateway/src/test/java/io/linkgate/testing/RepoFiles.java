package io.linkgate.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository itself (README, docker-compose.yml, config/), found from the test's working directory. */
public final class RepoFiles {

  private RepoFiles() {
  }

  /** The repository root: the nearest directory at or above the working directory holding gateway/ and pom.xml. */
  public static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("gateway")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no repository root above " + dir);
  }

  public static Path file(String relative) {
    return root().resolve(relative);
  }
}
