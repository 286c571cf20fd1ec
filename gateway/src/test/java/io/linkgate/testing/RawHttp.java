package io.linkgate.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Bytes on a plain socket, for requests no HTTP client would send; the answer is read until the server closes. */
public final class RawHttp {

  /** The status line, the headers (names in lower case) and the body of an answer. */
  public record Answer(String statusLine, String headers, String body) {
    /** The status code (the version may be HTTP/1.0: Netty answers an unreadable request as one). */
    public int status() {
      return Integer.parseInt(statusLine.substring(9, 12));
    }

    public String header(String name) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private RawHttp() {
  }

  /** Sends {@code request} as is and reads the answer until the server closes the connection (at most 10 s). */
  public static Answer exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headEnd = text.indexOf("\r\n\r\n");
      int lineEnd = text.indexOf("\r\n");
      if (headEnd < 0 || lineEnd < 0) {
        throw new AssertionError("not an HTTP answer: " + text);
      }
      return new Answer(text.substring(0, lineEnd), text.substring(lineEnd + 2, headEnd), text.substring(headEnd + 4));
    }
  }
}
