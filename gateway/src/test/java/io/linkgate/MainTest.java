package io.linkgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void should_exit_two_naming_the_key_when_a_value_is_invalid() {
    assertEquals(2, run(Map.of("LINKGATE_API_MAX_BODY_SIZE", "lots")));
    assertTrue(err().contains("invalid configuration: api.maxBodySize: must be a whole number"), err());
  }

  @Test
  void should_exit_two_when_the_config_file_is_missing() {
    assertEquals(2, run(Map.of(), "--config", "/nonexistent/gateway.yaml"));
    assertTrue(err().contains("cannot read /nonexistent/gateway.yaml"), err());
  }

  @Test
  void should_exit_two_with_usage_for_an_unknown_argument() {
    assertEquals(2, run(Map.of(), "--dmeo"));
    assertTrue(err().contains("unknown argument '--dmeo'"), err());
    assertTrue(err().contains("Usage:"), err());
  }

  @Test
  void should_exit_two_when_an_option_lacks_its_value() {
    assertEquals(2, run(Map.of(), "--db-url"));
    assertTrue(err().contains("--db-url needs a value"), err());
  }

  @Test
  void should_exit_two_before_starting_anything_when_no_upstream_is_configured() {
    assertEquals(2, run(Map.of()));
    assertTrue(err().contains("upstream.baseUrl: is required"), err());
  }

  @Test
  void should_print_usage_and_exit_zero_for_help() {
    assertEquals(0, run(Map.of(), "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--demo"));
  }
}
