package io.linkgate.cardedge;

/** The card-edge workstation agent's command line. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    System.out.println("""
        Usage: java -jar linkgate-card-edge.jar <command> [options]

        card-edge runs on the officer's workstation (not on the server): it reads the officer's
        national ID card, has the card verify the PIN, and opens a LinkGate card session.
        """);
  }
}
