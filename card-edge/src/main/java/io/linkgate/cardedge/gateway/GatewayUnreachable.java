package io.linkgate.cardedge.gateway;

/** No answer from the gateway: connection refused, timed out, name not resolved, or an answer that is not LinkGate's. */
public final class GatewayUnreachable extends RuntimeException {

  public GatewayUnreachable(String message, Throwable cause) {
    super(message, cause);
  }
}
