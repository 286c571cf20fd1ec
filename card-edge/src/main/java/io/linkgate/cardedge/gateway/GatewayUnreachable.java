package io.linkgate.cardedge.gateway;

/** No answer from the gateway: connection refused, timed out, or name not resolved. */
public final class GatewayUnreachable extends RuntimeException {

  public GatewayUnreachable(String message, Throwable cause) {
    super(message, cause);
  }
}
