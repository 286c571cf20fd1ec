package io.linkgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port held by another process stops start-up with the setting that moves it, not a bare "Address already in use". */
class PortInUseTest {

  @TempDir
  Path dataDir;

  private static ServerSocket occupied() throws Exception {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @Test
  void should_exit_one_naming_sandbox_port_when_the_sandbox_command_finds_its_port_taken() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ServerSocket taken = occupied()) {
      int status = Main.run(new String[] {"sandbox"},
          Map.of("LINKGATE_SANDBOX_HOST", "127.0.0.1", "LINKGATE_SANDBOX_PORT", String.valueOf(taken.getLocalPort())),
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

      assertEquals(1, status);
      String message = err.toString(StandardCharsets.UTF_8);
      assertTrue(message.contains("sandbox.port: 127.0.0.1:" + taken.getLocalPort() + " is already in use"), message);
      assertTrue(message.contains("LINKGATE_SANDBOX_PORT"), message);
    }
  }

  @Test
  void should_name_api_port_and_its_variable_when_the_api_port_is_taken() throws Exception {
    try (ServerSocket taken = occupied()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestGateway.start(dataDir,
          Map.of("api.port", String.valueOf(taken.getLocalPort())), false, Clock.systemUTC()));

      assertTrue(e.getMessage().startsWith("api.port: 127.0.0.1:" + taken.getLocalPort() + " is already in use"), e.getMessage());
      assertTrue(e.getMessage().contains("LINKGATE_API_PORT"), e.getMessage());
    }
  }

  @Test
  void should_name_management_port_and_its_variable_when_the_management_port_is_taken() throws Exception {
    try (ServerSocket taken = occupied()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestGateway.start(dataDir,
          Map.of("management.port", String.valueOf(taken.getLocalPort())), false, Clock.systemUTC()));

      assertTrue(e.getMessage().startsWith("management.port: 127.0.0.1:" + taken.getLocalPort() + " is already in use"),
          e.getMessage());
      assertTrue(e.getMessage().contains("LINKGATE_MANAGEMENT_PORT"), e.getMessage());
    }
  }

  @Test
  void should_not_call_an_address_this_machine_does_not_have_a_port_in_use() throws Exception {
    // 192.0.2.1 (TEST-NET-1) is on no interface here: the JDK raises a BindException as for a port in use
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestGateway.start(dataDir,
        Map.of("api.host", "192.0.2.1", "api.port", "0"), false, Clock.systemUTC()));

    assertTrue(e.getMessage().startsWith("api.port: 192.0.2.1:"), e.getMessage());
    assertTrue(e.getMessage().contains("cannot be listened on (") && !e.getMessage().contains("in use"), e.getMessage());
    assertTrue(e.getMessage().contains("LINKGATE_API_HOST"), e.getMessage());
  }
}
