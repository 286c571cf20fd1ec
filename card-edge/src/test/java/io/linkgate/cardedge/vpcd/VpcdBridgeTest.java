package io.linkgate.cardedge.vpcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linkgate.cardedge.sim.SimulatedCardProfile;
import io.linkgate.cardedge.sim.SimulatedCardProfiles;
import io.linkgate.cardedge.sim.SimulatedThaiIdCard;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The vicc side of vpcd's protocol, against a stand-in vpcd on loopback. */
class VpcdBridgeTest {

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  @Test
  void should_answer_atr_and_apdus_and_take_power_commands_silently_when_vpcd_asks() throws Exception {
    SimulatedCardProfile profile = SimulatedCardProfiles.byName("officer");
    try (ServerSocket vpcd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         VpcdBridge bridge = VpcdBridge.to((InetSocketAddress) vpcd.getLocalSocketAddress(),
             new SimulatedThaiIdCard(profile))) {
      bridge.start();
      try (Socket vicc = vpcd.accept()) {
        DataInputStream in = new DataInputStream(vicc.getInputStream());
        OutputStream out = vicc.getOutputStream();

        send(out, "04");
        assertArrayEquals(profile.atr(), VpcdProtocol.read(in));
        send(out, "01");
        send(out, "00A4040008A000000054480001");
        assertEquals("9000", HEX.formatHex(VpcdProtocol.read(in)), "power on takes no answer; the APDU one");
        send(out, "0020008104" + "31323334");
        assertEquals("9000", HEX.formatHex(VpcdProtocol.read(in)));
        send(out, "02");
        send(out, "00200081");
        assertEquals("6986", HEX.formatHex(VpcdProtocol.read(in)), "reset ended the selection");
      }
    }
  }

  @Test
  void should_disconnect_so_vpcd_sees_the_card_removed_when_closed() throws Exception {
    try (ServerSocket vpcd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      VpcdBridge bridge = VpcdBridge.to((InetSocketAddress) vpcd.getLocalSocketAddress(),
          new SimulatedThaiIdCard(SimulatedCardProfiles.byName("officer")));
      bridge.start();
      try (Socket vicc = vpcd.accept()) {
        bridge.close();

        assertNull(VpcdProtocol.read(new DataInputStream(vicc.getInputStream())), "end of stream");
        assertFalse(bridge.isRunning());
      }
    }
  }

  @Test
  void should_stop_when_vpcd_goes_away() throws Exception {
    try (ServerSocket vpcd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      VpcdBridge bridge = VpcdBridge.to((InetSocketAddress) vpcd.getLocalSocketAddress(),
          new SimulatedThaiIdCard(SimulatedCardProfiles.byName("officer")));
      bridge.start();
      Socket vicc = vpcd.accept();
      DataInputStream in = new DataInputStream(vicc.getInputStream());
      send(vicc.getOutputStream(), "04");
      VpcdProtocol.read(in);

      vicc.close();
      bridge.close();

      assertFalse(bridge.isRunning());
    }
  }

  @Test
  void should_fail_to_start_when_no_vpcd_listens() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    VpcdBridge bridge = VpcdBridge.to(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
        new SimulatedThaiIdCard(SimulatedCardProfiles.byName("officer")));

    assertThrows(IOException.class, bridge::start);
  }

  private static void send(OutputStream out, String hex) throws IOException {
    VpcdProtocol.write(out, HEX.parseHex(hex));
  }
}
