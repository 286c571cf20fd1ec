package io.linkgate.cardedge.vpcd;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The wire protocol between vsmartcard's vpcd (a pcscd reader driver) and a virtual card ("vicc"), as
 * implemented in vsmartcard's {@code virtualsmartcard/src/vpcd/vpcd.c} ({@code sendToVICC}/{@code recvFromVICC},
 * {@code VPCD_CTRL_*} in {@code vpcd.h}) and {@code vpicc/virtualsmartcard/VirtualSmartcard.py}
 * ({@code VirtualICC.run}):
 *
 * <ul>
 *   <li>every message, in both directions, is a 2-byte big-endian length followed by that many bytes;</li>
 *   <li>vpcd → card, length 1: a control byte — {@code 0} power off, {@code 1} power on, {@code 2} reset (no
 *       answer), {@code 4} get ATR (answer: the ATR);</li>
 *   <li>vpcd → card, longer: a command APDU; answer: the response APDU.</li>
 * </ul>
 *
 * <p>vpcd polls card presence by asking for the ATR (about every 400 ms through pcscd); a closed connection is a
 * removed card.
 */
final class VpcdProtocol {

  static final int CTRL_POWER_OFF = 0;
  static final int CTRL_POWER_ON = 1;
  static final int CTRL_RESET = 2;
  static final int CTRL_ATR = 4;

  private VpcdProtocol() {
  }

  /** The next message, or {@code null} when vpcd closed the connection cleanly. */
  static byte[] read(DataInputStream in) throws IOException {
    int length;
    try {
      length = in.readUnsignedShort();
    } catch (EOFException e) {
      return null;
    }
    byte[] message = new byte[length];
    in.readFully(message);
    return message;
  }

  static void write(OutputStream out, byte[] message) throws IOException {
    if (message.length > 0xFFFF) {
      throw new IOException("vpcd message too long: " + message.length);
    }
    byte[] frame = new byte[2 + message.length];
    frame[0] = (byte) (message.length >>> 8);
    frame[1] = (byte) message.length;
    System.arraycopy(message, 0, frame, 2, message.length);
    out.write(frame);
    out.flush();
  }
}
