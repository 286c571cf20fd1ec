package io.linkgate.http;

/**
 * A stable kind of failure: its {@code type} URI never changes once published, so agency systems can
 * switch on it. {@code title} is short and the same for every occurrence; details go in {@code detail}.
 */
public record ProblemType(String slug, String title, int status) {

  public static final String PREFIX = "urn:linkgate:problem:";

  public String uri() {
    return PREFIX + slug;
  }

  public ProblemException exception(String detail) {
    return new ProblemException(this, detail);
  }
}
