package io.linkgate.cardedge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** card-edge's default state lives under $HOME/.linkgate, as the officer's shell has HOME, not Java's user.home. */
class StateHomeTest {

  @TempDir
  Path dir;

  @Test
  void should_follow_HOME_when_it_is_set_and_user_home_when_it_is_unset_or_empty() {
    assertEquals(Path.of("/tmp/x", ".linkgate"), StateHome.directory("/tmp/x", "/home/officer"));
    assertEquals(Path.of("/home/officer", ".linkgate"), StateHome.directory("", "/home/officer"));
    assertEquals(Path.of("/home/officer", ".linkgate"), StateHome.directory(null, "/home/officer"));
  }

  @Test
  void should_write_the_device_key_under_HOME_when_HOME_differs_from_user_home() throws Exception {
    Path home = dir.resolve("home");
    Path userHome = dir.resolve("user-home");

    Process enroll = enroll(home.toString(), userHome);

    assertEquals(Main.OK, enroll.exitValue(), new String(enroll.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(Files.exists(home.resolve(".linkgate/card-edge/device.key")));
    assertFalse(Files.exists(userHome.resolve(".linkgate")));
  }

  @Test
  void should_write_the_device_key_under_user_home_when_HOME_is_empty() throws Exception {
    Path userHome = dir.resolve("user-home");

    Process enroll = enroll("", userHome);

    assertEquals(Main.OK, enroll.exitValue(), new String(enroll.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(Files.exists(userHome.resolve(".linkgate/card-edge/device.key")));
  }

  /** {@code enroll} with no {@code --device-key}, in a JVM of its own with {@code HOME} and {@code user.home} as given. */
  private static Process enroll(String home, Path userHome) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + userHome, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "enroll", "--device-id", "counter-home").redirectErrorStream(true);
    builder.environment().put("HOME", home);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("enroll did not finish");
    }
    return process;
  }
}
