package io.linkgate;

import io.linkgate.registry.DemoData;
import java.util.stream.Collectors;

/** The getting-started text printed when the demo is up. */
final class DemoBanner {

  private DemoBanner() {
  }

  static String text(Gateway gateway) {
    String profiles = DemoData.OFFICERS.stream().map(o -> o.profile() + " (" + String.join(", ", o.roles()) + ")")
        .collect(Collectors.joining("\n    "));
    return """

        LinkGate demo is up.

          API          http://localhost:%d
          Management   http://localhost:%d/metrics   /health/ready
          Sandbox      http://127.0.0.1:%d   (simulated Linkage Center and GDX, no real citizen data)
          Database     %s

        Demo agency %s (office code %s), API key: %s
        Simulated officer cards (PIN %s):
            %s

        Try the simulated Linkage Center directly:
          T=$(curl -s -H 'Consumer-Key: %s' 'http://127.0.0.1:%d/ws/auth/validate?ConsumerSecret=%s&AgentID=%s' | sed 's/.*"Result":"\\([^"]*\\)".*/\\1/')
          curl -s -H 'Consumer-Key: %s' -H "Token: $T" 'http://127.0.0.1:%d/ws/dopa/linkage/v1/link?OfficeID=%s&ServiceID=001&Version=01&CitizenID=1101700001016'

        Stop with Ctrl+C.
        """.formatted(
        gateway.apiPort(), gateway.managementPort(), gateway.sandboxPort(),
        gateway.database().embedded() ? "embedded PostgreSQL, data in " + gateway.config().dataDirectory().toAbsolutePath().normalize()
            : "external PostgreSQL",
        DemoData.AGENCY, DemoData.OFFICE_CODE, DemoData.API_KEY, DemoData.PIN, profiles,
        gateway.config().sandbox().consumerKey(), gateway.sandboxPort(), gateway.config().sandbox().consumerSecret(),
        DemoData.OFFICERS.get(0).citizenId(),
        gateway.config().sandbox().consumerKey(), gateway.sandboxPort(), DemoData.OFFICE_CODE);
  }
}
