package io.linkgate.logging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data and secrets in text a gateway wrote (log lines, usage sink lines, metric labels):
 * <ul>
 *   <li>citizen IDs, plain ({@code 1101700001016}), dashed as printed on the card ({@code 1-1017-00001-01-6}) or
 *       spaced ({@code 1 1017 00001 01 6});</li>
 *   <li>secrets as given (session tokens, API key secrets, the bootstrap token), anywhere in a line;</li>
 *   <li>PINs as a value of their own: not inside a longer run of letters, digits, {@code .} or {@code -}, and not
 *       a JSON number ({@code "millis":1234} is a number, {@code "pin":"1234"} or {@code pin=1234} is a PIN);</li>
 *   <li>the client address {@code 127.0.0.1}: the test's client and the gateway share the loopback address, so an
 *       occurrence is allowed only as {@code 127.0.0.1:<port>} with one of the server's own ports (its listeners
 *       and the database it connects to), or as the address the name {@code localhost} resolves to
 *       ({@code localhost/127.0.0.1}, Netty describing the machine at start-up); a bare {@code 127.0.0.1}, or with
 *       any other port (a client's ephemeral port), is a client address.</li>
 * </ul>
 * A finding never repeats the value it found: the line is shown with the value replaced by its kind.
 */
final class PersonalDataScanner {

  record Finding(String source, int line, String kind, String masked) {
    @Override
    public String toString() {
      return source + ":" + line + " " + kind + ": " + masked;
    }
  }

  private static final Pattern LOOPBACK = Pattern.compile("(localhost/)?127\\.0\\.0\\.1(?::(\\d+))?");

  private final Map<String, String> literals = new LinkedHashMap<>(); // value -> kind
  private final Map<Pattern, String> patterns = new LinkedHashMap<>();
  private final Set<Integer> serverPorts;

  PersonalDataScanner(Collection<String> citizenIds, Map<String, Collection<String>> secrets, Collection<String> pins, Set<Integer> serverPorts) {
    this.serverPorts = Set.copyOf(serverPorts);
    for (String cid : citizenIds) {
      if (!cid.matches("\\d{13}")) {
        throw new IllegalArgumentException("not a 13-digit citizen ID");
      }
      literals.put(cid, "citizen-id");
      String[] parts = {cid.substring(0, 1), cid.substring(1, 5), cid.substring(5, 10), cid.substring(10, 12), cid.substring(12)};
      literals.put(String.join("-", parts), "citizen-id");
      literals.put(String.join(" ", parts), "citizen-id");
    }
    secrets.forEach((kind, values) -> values.forEach(v -> {
      if (v.length() < 8) {
        throw new IllegalArgumentException("a secret this short would match by chance: " + kind);
      }
      literals.put(v, kind);
    }));
    for (String pin : pins) {
      patterns.put(Pattern.compile("(?<![0-9A-Za-z.:-])" + Pattern.quote(pin) + "(?![0-9A-Za-z.-])"), "pin");
    }
  }

  List<Finding> scan(String source, List<String> lines) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      for (Map.Entry<String, String> e : literals.entrySet()) {
        if (line.contains(e.getKey())) {
          findings.add(new Finding(source, i + 1, e.getValue(), mask(line)));
        }
      }
      for (Map.Entry<Pattern, String> e : patterns.entrySet()) {
        if (e.getKey().matcher(line).find()) {
          findings.add(new Finding(source, i + 1, e.getValue(), mask(line)));
        }
      }
      Matcher m = LOOPBACK.matcher(line);
      while (m.find()) {
        boolean serverPort = m.group(2) != null && serverPorts.contains(Integer.parseInt(m.group(2)));
        boolean localhostName = m.group(1) != null && m.group(2) == null;
        if (!serverPort && !localhostName) {
          findings.add(new Finding(source, i + 1, "client-address", mask(line)));
        }
      }
    }
    return findings;
  }

  private String mask(String line) {
    String masked = line;
    for (Map.Entry<String, String> e : literals.entrySet()) {
      masked = masked.replace(e.getKey(), "<" + e.getValue() + ">");
    }
    for (Map.Entry<Pattern, String> e : patterns.entrySet()) {
      masked = e.getKey().matcher(masked).replaceAll("<" + e.getValue() + ">");
    }
    return masked.length() > 400 ? masked.substring(0, 400) + "..." : masked;
  }
}
