package io.linkgate.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that becomes an {@code application/problem+json} answer (RFC 9457). Carries domain members
 * (e.g. {@code linkageStatus}, {@code triesRemaining}) and response headers (e.g. {@code Retry-After}).
 * Cheap to create: no stack trace, since it describes a refusal, not a bug.
 */
public final class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final Map<String, Object> members = new LinkedHashMap<>();
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ProblemException(ProblemType type, String detail) {
    super(detail, null, false, false);
    this.type = type;
  }

  public ProblemException with(String member, Object value) {
    members.put(member, value);
    return this;
  }

  public ProblemException header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public ProblemType type() {
    return type;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, Object> members() {
    return members;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
