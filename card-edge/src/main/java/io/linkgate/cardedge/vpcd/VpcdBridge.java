package io.linkgate.cardedge.vpcd;

import io.linkgate.cardedge.sim.SimulatedThaiIdCard;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Objects;
import jdk.net.ExtendedSocketOptions;

/**
 * Attaches a {@link SimulatedThaiIdCard} to the real PC/SC stack: it connects to vsmartcard's vpcd driver inside
 * pcscd as the virtual card ("vicc") and answers vpcd's requests ({@link VpcdProtocol}) on its own thread, so
 * that any PC/SC application — including card-edge through the JDK's PC/SC provider — sees the simulated card in
 * vpcd's reader ("Virtual PCD 00 00" with Debian's configuration, port 35963).
 *
 * <p>{@link #start()} connects (the card is then inserted); {@link #close()} disconnects (the card is removed).
 * Nothing the card exchanges is logged.
 */
public final class VpcdBridge implements AutoCloseable {

  /** vpcd's default port (its configuration's {@code CHANNELID 0x8C7B}). */
  public static final int DEFAULT_PORT = 35963;

  private static final System.Logger LOG = System.getLogger(VpcdBridge.class.getName());
  private static final int CONNECT_TIMEOUT_MILLIS = 2000;
  private static final boolean QUICK_ACK_SUPPORTED =
      new Socket().supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);

  private final InetSocketAddress vpcd;
  private final SimulatedThaiIdCard card;
  private final Socket socket = new Socket();
  private volatile boolean closed;
  private Thread thread;

  private VpcdBridge(InetSocketAddress vpcd, SimulatedThaiIdCard card) {
    this.vpcd = Objects.requireNonNull(vpcd, "vpcd");
    this.card = Objects.requireNonNull(card, "card");
  }

  /** A bridge for {@code card} to the vpcd listening at {@code vpcd} (not connected until {@link #start()}). */
  public static VpcdBridge to(InetSocketAddress vpcd, SimulatedThaiIdCard card) {
    return new VpcdBridge(vpcd, card);
  }

  /** A bridge to vpcd on this machine's loopback, default port. */
  public static VpcdBridge toLocalVpcd(SimulatedThaiIdCard card) {
    return to(new InetSocketAddress("127.0.0.1", DEFAULT_PORT), card);
  }

  /**
   * Connects to vpcd and starts answering on a daemon thread named {@code linkgate-vpcd-bridge}.
   *
   * @throws IOException when vpcd is not listening (pcscd not running or the driver not configured)
   */
  public synchronized void start() throws IOException {
    if (thread != null || closed) {
      throw new IllegalStateException("VpcdBridge already started or closed");
    }
    socket.setTcpNoDelay(true);
    socket.connect(vpcd, CONNECT_TIMEOUT_MILLIS);
    DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    OutputStream out = socket.getOutputStream();
    thread = new Thread(() -> serve(in, out), "linkgate-vpcd-bridge");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether the bridge is connected and answering. */
  public boolean isRunning() {
    Thread serving = thread;
    return !closed && serving != null && serving.isAlive();
  }

  /** Disconnects from vpcd: for pcscd, the card has been pulled out. */
  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "Closing the vpcd connection failed", e);
    }
    Thread serving;
    synchronized (this) {
      serving = thread;
    }
    if (serving != null && serving != Thread.currentThread()) {
      try {
        serving.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void serve(DataInputStream in, OutputStream out) {
    try {
      byte[] message;
      while (!closed && (message = readQuickly(in)) != null) {
        byte[] answer = answer(message);
        Arrays.fill(message, (byte) 0);
        if (answer != null) {
          VpcdProtocol.write(out, answer);
        }
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.log(System.Logger.Level.WARNING, "Connection to vpcd lost: " + e.getMessage());
      }
    } finally {
      closed = true;
      try {
        socket.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "Closing the vpcd connection failed", e);
      }
    }
  }

  /**
   * Reads the next message with TCP quick ACK on (Linux). vpcd 3.3 (Debian 12) writes the 2-byte length and the
   * payload separately; with Nagle on its side and delayed ACK on ours, every APDU waited about 40 ms for the
   * payload. Acknowledging at once removes that wait (the kernel clears the flag again, so it is set per read).
   */
  private byte[] readQuickly(DataInputStream in) throws IOException {
    if (QUICK_ACK_SUPPORTED) {
      socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
    }
    return VpcdProtocol.read(in);
  }

  /** The answer to one vpcd message, or null for control messages that take none. */
  byte[] answer(byte[] message) {
    if (message.length == 1) {
      return switch (message[0]) {
        case VpcdProtocol.CTRL_POWER_OFF, VpcdProtocol.CTRL_POWER_ON, VpcdProtocol.CTRL_RESET -> {
          card.reset();
          yield null;
        }
        case VpcdProtocol.CTRL_ATR -> card.atr();
        default -> {
          LOG.log(System.Logger.Level.DEBUG, "Unknown vpcd control byte " + (message[0] & 0xFF));
          yield null;
        }
      };
    }
    if (message.length == 0) {
      return null;
    }
    return card.process(message);
  }
}
