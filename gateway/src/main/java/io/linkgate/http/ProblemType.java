package io.linkgate.http;

/**
 * A stable kind of failure: its {@code type} URI never changes once published, so agency systems can
 * switch on it. {@code title} is short and the same for every occurrence; details go in {@code detail}.
 * {@code challenge}: the {@code WWW-Authenticate} value a 401 of this type carries when its refusal names none.
 */
public record ProblemType(String slug, String title, int status, String challenge) {

  public static final String PREFIX = "urn:linkgate:problem:";

  /** A card session's bearer token is what a 401 asks for, unless the type names another challenge. */
  public static final String BEARER_CHALLENGE = "Bearer realm=\"LinkGate\"";

  /**
   * A problem whose 401 (RFC 9110: a 401 names how to authenticate, in {@code WWW-Authenticate}) asks for the card
   * session's bearer token; other statuses carry no challenge.
   */
  public ProblemType(String slug, String title, int status) {
    this(slug, title, status, status == 401 ? BEARER_CHALLENGE : null);
  }

  public String uri() {
    return PREFIX + slug;
  }

  public ProblemException exception(String detail) {
    return new ProblemException(this, detail);
  }
}
