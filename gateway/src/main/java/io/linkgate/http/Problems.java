package io.linkgate.http;

/** The general problem types; features define their own next to their code. */
public final class Problems {

  private Problems() {
  }

  public static final ProblemType BAD_REQUEST = new ProblemType("bad-request", "Bad request", 400);
  public static final ProblemType NOT_FOUND = new ProblemType("not-found", "No such resource", 404);
  public static final ProblemType METHOD_NOT_ALLOWED = new ProblemType("method-not-allowed", "Method not allowed", 405);
  public static final ProblemType NOT_ACCEPTABLE = new ProblemType("not-acceptable", "Not acceptable", 406);
  public static final ProblemType REQUEST_TIMEOUT = new ProblemType("request-timeout", "Request timeout", 408);
  public static final ProblemType BODY_TOO_LARGE = new ProblemType("body-too-large", "Request body too large", 413);
  public static final ProblemType URI_TOO_LONG = new ProblemType("uri-too-long", "Request URI too long", 414);
  public static final ProblemType UNSUPPORTED_MEDIA_TYPE = new ProblemType("unsupported-media-type", "Unsupported media type", 415);
  public static final ProblemType HEADERS_TOO_LARGE = new ProblemType("headers-too-large", "Request headers too large", 431);
  public static final ProblemType INTERNAL = new ProblemType("internal-error", "Internal error", 500);
  public static final ProblemType NOT_IMPLEMENTED = new ProblemType("not-implemented", "Not implemented", 501);
  public static final ProblemType UNAVAILABLE = new ProblemType("unavailable", "Service unavailable", 503);
}
