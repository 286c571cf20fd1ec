package io.linkgate.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Where one HTTP/1.1 response ends in the bytes read from a connection so far: the constant-rate client's whole
 * parser (status code, {@code Content-Length} or chunked body, {@code Connection: close}). It reads only what it
 * needs to frame a response; headers other than those three are skipped.
 */
final class ResponseFraming {

  /** A complete response at the start of the bytes: its length in bytes, status and whether the server closes. */
  record Response(int length, int status, boolean close) {
  }

  private ResponseFraming() {
  }

  /**
   * The response at the start of {@code bytes}, or {@code null} while more bytes are needed.
   *
   * @throws IllegalStateException when the bytes are not an HTTP/1.1 response this client can frame
   */
  static Response next(Buffer bytes) {
    int end = bytes.length();
    int headEnd = indexOf(bytes, 0, end, "\r\n\r\n");
    if (headEnd < 0) {
      if (end > 64 * 1024) {
        throw new IllegalStateException("response head longer than 64 KB");
      }
      return null;
    }
    if (headEnd < 12 || !startsWith(bytes, 0, "HTTP/1.")) {
      throw new IllegalStateException("not an HTTP/1.x response");
    }
    int status = digit(bytes, 9) * 100 + digit(bytes, 10) * 10 + digit(bytes, 11);
    long contentLength = -1;
    boolean chunked = false;
    boolean close = bytes.getByte(7) == '0'; // HTTP/1.0 closes unless told otherwise; good enough here
    int line = indexOf(bytes, 0, headEnd, "\r\n") + 2;
    while (line > 1 && line < headEnd) {
      int lineEnd = indexOf(bytes, line, headEnd + 2, "\r\n");
      int colon = indexOf(bytes, line, lineEnd, ":");
      if (colon > 0) {
        String name = bytes.getString(line, colon, "US-ASCII").trim();
        String value = bytes.getString(colon + 1, lineEnd, "US-ASCII").trim();
        if (name.equalsIgnoreCase("content-length")) {
          contentLength = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
          chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        } else if (name.equalsIgnoreCase("connection")) {
          close = value.equalsIgnoreCase("close");
        }
      }
      line = lineEnd + 2;
    }
    int bodyStart = headEnd + 4;
    if (chunked) {
      int at = bodyStart;
      while (true) {
        int sizeEnd = indexOf(bytes, at, end, "\r\n");
        if (sizeEnd < 0) {
          return null;
        }
        String size = bytes.getString(at, sizeEnd, "US-ASCII");
        int extension = size.indexOf(';');
        long chunk = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        if (chunk == 0) {
          // no trailers expected: the last chunk's line is followed by an empty line
          int trailerEnd = indexOf(bytes, sizeEnd, end, "\r\n\r\n");
          return trailerEnd < 0 ? null : new Response(trailerEnd + 4, status, close);
        }
        long next = sizeEnd + 2 + chunk + 2;
        if (next > end) {
          return null;
        }
        at = (int) next;
      }
    }
    if (contentLength < 0) {
      if (status == 204 || status == 304 || status / 100 == 1) {
        return new Response(bodyStart, status, close);
      }
      throw new IllegalStateException("a response without Content-Length or chunked body (status " + status + ")");
    }
    long length = bodyStart + contentLength;
    return length <= end ? new Response((int) length, status, close) : null;
  }

  private static int digit(Buffer bytes, int at) {
    int d = bytes.getByte(at) - '0';
    if (d < 0 || d > 9) {
      throw new IllegalStateException("not an HTTP status code");
    }
    return d;
  }

  private static boolean startsWith(Buffer bytes, int at, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length() < at + p.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (bytes.getByte(at + i) != p[i]) {
        return false;
      }
    }
    return true;
  }

  /** The first index of ASCII {@code s} in {@code bytes[from, to)}, or -1. */
  static int indexOf(Buffer bytes, int from, int to, String s) {
    int n = s.length();
    for (int i = Math.max(0, from); i + n <= to; i++) {
      int j = 0;
      while (j < n && bytes.getByte(i + j) == s.charAt(j)) {
        j++;
      }
      if (j == n) {
        return i;
      }
    }
    return -1;
  }
}
