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

        Open a card session with the demo officer's simulated card (PIN %s), then look at it:
          echo %s | java -jar card-edge/target/linkgate-card-edge.jar login --gateway http://localhost:%d \\
              --simulated-card officer --demo-device --pin-stdin
          curl -s -H "Authorization: Bearer <token from above>" http://localhost:%d/v1/sessions/current

        Officers of the central unit (service-supervisor, admin, superadmin, auditor) sign in at the central
        unit's demo workstation: add --device-id demo-central-workstation.

        Look up a person with the session (API key of the demo agency, an agency service of the officer):
          curl -s -H 'X-Api-Key: %s' -H "Authorization: Bearer <token>" -H 'X-Service-Code: NC-CIVILREG' \\
              http://localhost:%d/v1/linkage/persons/3101700001098

        Or use the web console at http://localhost:%d/console/ : run the workstation agent in another
        terminal (it signs in when a card is inserted, asking the PIN there, and out when it is removed):
          java -jar card-edge/target/linkgate-card-edge.jar --gateway http://localhost:%d --simulated-card officer \\
              --demo-device --allowed-origin http://localhost:%d

        Stop with Ctrl+C.
        """.formatted(
        gateway.apiPort(), gateway.managementPort(), gateway.sandboxPort(),
        gateway.database().embedded() ? "embedded PostgreSQL, data in " + gateway.config().dataDirectory().toAbsolutePath().normalize()
            : "external PostgreSQL",
        DemoData.AGENCY, DemoData.OFFICE_CODE, DemoData.API_KEY, DemoData.PIN, profiles,
        DemoData.PIN, DemoData.PIN, gateway.apiPort(), gateway.apiPort(), DemoData.API_KEY, gateway.apiPort(), gateway.apiPort(), gateway.apiPort(),
        gateway.apiPort());
  }
}
