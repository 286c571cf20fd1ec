package io.linkgate.cardedge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.card.CardAccessException;
import io.linkgate.cardedge.card.PinFormat;
import io.linkgate.cardedge.device.DeviceKey;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir
  Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return runWithInput("", args);
  }

  int runWithInput(String input, String... args) {
    return Main.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void should_write_an_owner_only_key_and_print_the_enrollment_request() throws Exception {
    Path key = dir.resolve("device.key");
    assertEquals(Main.OK, run("enroll", "--device-id", "counter-3", "--device-key", key.toString()));
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));
    String printed = out.toString(StandardCharsets.UTF_8);
    JsonObject request = new JsonObject(printed.substring(printed.indexOf('{'), printed.lastIndexOf('}') + 1));
    DeviceKey loaded = DeviceKey.load(key);
    assertEquals("counter-3", request.getString("id"));
    assertEquals(loaded.publicKeyBase64(), request.getString("publicKey"));
    assertEquals("counter-3", loaded.deviceId());
    assertEquals(Main.FAILED, run("enroll", "--device-id", "counter-3", "--device-key", key.toString()), "never overwrites a key");
  }

  @Test
  void should_refuse_a_key_file_others_can_read() throws Exception {
    Path key = dir.resolve("device.key");
    DeviceKey.generate(key, "counter-4");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertThrows(java.io.IOException.class, () -> DeviceKey.load(key));
  }

  @Test
  void should_exit_two_for_usage_errors() {
    assertEquals(Main.USAGE, run("enroll"));
    assertEquals(Main.USAGE, run("login", "--gateway"));
    assertEquals(Main.USAGE, run("fly"));
    assertEquals(Main.USAGE, run("login", "--gateway", "ftp://x", "--demo-device", "--pin-stdin"));
    assertEquals(Main.OK, run("--help"));
  }

  @Test
  void should_refuse_a_plain_http_gateway_on_another_machine_before_reading_the_card() {
    for (String url : List.of("http://linkgate.agency.go.th", "http://10.0.0.5:8080", "http://127.0.0.1.example.com", "http://[::2]:8080")) {
      err.reset();
      assertEquals(Main.USAGE, run("login", "--gateway", url, "--simulated-card", "officer", "--demo-device", "--pin-stdin"), url);
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("--gateway must be an https:// URL"), url + ": " + err.toString(StandardCharsets.UTF_8));
    }
    for (String host : List.of("localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "[::1]", "app.localhost")) {
      assertTrue(Main.loopback(host), host);
    }
    for (String host : List.of("127.0.0.1.example.com", "128.0.0.1", "127.0.0.256", "[::2]", "localhost.example.com", "127.0.0")) {
      assertFalse(Main.loopback(host), host);
    }
  }

  @Test
  void should_name_a_local_port_that_is_not_a_port_before_the_agent_starts() {
    for (String port : List.of("abc", "70000", "-1")) {
      err.reset();
      assertEquals(Main.USAGE, run("--demo-device", "--local-port", port));
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("--local-port must be a port number"), err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void should_refuse_a_pin_that_is_not_four_digits_before_reading_the_card_or_calling_the_gateway() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    for (String typed : List.of("12a4\n", "12345\n", "\u0e51\u0e52\u0e53\u0e54\n")) {
      err.reset();
      assertEquals(Main.USAGE, runWithInput(typed, "login", "--gateway", "http://127.0.0.1:" + closed, "--simulated-card", "officer",
          "--sim-state-dir", dir.toString(), "--demo-device", "--pin-stdin"), typed);
      String said = err.toString(StandardCharsets.UTF_8);
      assertTrue(said.contains(PinFormat.RULE), said);
      assertFalse(said.contains("cannot be reached"), "the gateway was called: " + said);
    }
  }

  @Test
  void should_refuse_unusable_card_options_before_reading_the_pin() {
    ByteArrayInputStream typed = new ByteArrayInputStream("1234\n".getBytes(StandardCharsets.US_ASCII));

    int status = Main.run(new String[] {"login", "--simulated-card", "nobody", "--sim-state-dir", dir.toString(),
        "--demo-device", "--pin-stdin"}, typed, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(Main.USAGE, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no simulated card profile"), err.toString(StandardCharsets.UTF_8));
    assertEquals(5, typed.available(), "the PIN was read, and never wiped, for a login that could not run");
  }

  /** The PIN's line is read and nothing after it: a reader's read-ahead buffer kept the PIN beyond the caller's wiping. */
  @Test
  void should_read_the_pin_line_and_nothing_after_it() {
    // a PIN its rule refuses: read, then refused before the card or the gateway
    ByteArrayInputStream typed = new ByteArrayInputStream("12a4\nnot read\n".getBytes(StandardCharsets.US_ASCII));

    int status = Main.run(new String[] {"login", "--gateway", "http://127.0.0.1:9", "--simulated-card", "officer",
        "--sim-state-dir", dir.toString(), "--demo-device", "--pin-stdin"}, typed, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(Main.USAGE, status);
    assertEquals("not read\n".length(), typed.available(), "only the PIN's line was taken from standard input");
  }

  @Test
  void should_list_the_simulated_profiles() {
    assertEquals(Main.OK, run("profiles"));
    assertTrue(out.toString(StandardCharsets.UTF_8).lines().anyMatch("officer"::equals));
  }

  @Test
  void should_take_the_simulated_cards_issuer_key_from_a_file_and_refuse_one_that_is_not_a_key() throws Exception {
    Path good = Files.writeString(dir.resolve("issuer.key"), java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    Path bad = Files.writeString(dir.resolve("short.key"), java.util.Base64.getEncoder().encodeToString(new byte[16]));
    assertEquals(Main.OK, run("readers", "--simulated-card", "officer", "--sim-state-dir", dir.toString(),
        "--sim-issuer-key-file", good.toString()));
    assertEquals(Main.USAGE, run("readers", "--simulated-card", "officer", "--sim-state-dir", dir.toString(),
        "--sim-issuer-key-file", bad.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("16 bytes, not 32"), err.toString(StandardCharsets.UTF_8));
    assertEquals(Main.USAGE, run("readers", "--simulated-card", "officer", "--sim-state-dir", dir.toString(),
        "--sim-issuer-key-file", dir.resolve("missing.key").toString()));
  }

  @Test
  void should_report_no_card_and_no_reader_distinctly() throws Exception {
    CardSource empty = CardSource.simulated("officer", dir, null);
    empty.simulatedTerminals().reader(CardSource.SIMULATED_READER).orElseThrow().remove();
    assertEquals(CardAccessException.Reason.NO_CARD, assertThrows(CardAccessException.class, () -> empty.open(null)).reason());
    assertEquals(CardAccessException.Reason.NO_READER, assertThrows(CardAccessException.class, () -> empty.open("Other reader")).reason());
    empty.simulatedTerminals().reader(CardSource.SIMULATED_READER).orElseThrow().unplug();
    assertEquals(CardAccessException.Reason.NO_READER, assertThrows(CardAccessException.class, () -> empty.open(null)).reason());
  }
}
