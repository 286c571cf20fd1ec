package io.linkgate.lookup;

import io.linkgate.citizen.CitizenId;
import io.linkgate.http.JsonBody;
import io.linkgate.http.ProblemException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * Policy 3: the input is well-formed before it reaches a cache or an upstream: citizen ID check digit,
 * juristic id, Linkage service id and version, the card-check fields, {@code X-Request-Ref}. Details name
 * the field and never echo a value.
 */
final class InputPolicy implements Handler<RoutingContext> {

  static final String REQUEST_REF = "X-Request-Ref";
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9/._:#-]{1,64}");
  private static final Pattern SERVICE_ID = Pattern.compile("\\d{3}");
  private static final Pattern VERSION = Pattern.compile("\\d{2}");
  private static final Pattern BE_DATE = Pattern.compile("\\d{8}");
  private static final Pattern LASER = Pattern.compile("[A-Z]{2}\\d{10}");

  @Override
  public void handle(RoutingContext ctx) {
    LookupContext lc = LookupContext.of(ctx);
    try {
      String ref = ctx.request().getHeader(REQUEST_REF);
      if (ref != null) {
        if (!REF.matcher(ref).matches()) {
          throw invalid("X-Request-Ref must be 1 to 64 of A-Z a-z 0-9 / . _ : # -.", "X-Request-Ref");
        }
        if (io.linkgate.citizen.CitizenId.appearsIn(ref)) {
          // the reference is kept in clear in the usage log and the monthly report; the citizen asked about is
          // recorded apart, only hashed and encrypted
          throw invalid("X-Request-Ref must not hold a citizen ID: use the case's own number (the citizen looked up is "
              + "recorded with the lookup).", "X-Request-Ref");
        }
        lc.requestRef = ref;
      }
      if (lc.dataset == null) {
        throw invalid("The Linkage service id must be three digits, such as 001.", "serviceId");
      }
      if (lc.dataset.linkage()) {
        String version = ctx.request().getParam("version");
        if (version != null) {
          if (!VERSION.matcher(version).matches()) {
            throw invalid("version must be two digits, such as 01.", "version");
          }
          lc.version = version;
        }
        lc.target = citizenId(ctx.pathParam("cid"), "cid");
      } else if (lc.dataset == Dataset.JURISTIC) {
        String id = ctx.pathParam("juristicId");
        String problem = CitizenId.juristicProblem(id);
        if (problem != null) {
          throw LookupProblems.INVALID_INPUT.exception("The juristic person id " + problem + ".").with("field", "juristicId");
        }
        lc.target = id;
      } else {
        JsonBody body = JsonBody.of(ctx);
        String given = field(body, "laserCode", 20).replace("-", "");
        // ASCII checked before the upper-casing, which would make letters A-Z of a dotless ı or a long ſ
        String laser = given.toUpperCase(java.util.Locale.ROOT);
        if (!given.chars().allMatch(c -> c < 128) || !LASER.matcher(laser).matches()) {
          throw invalid("laserCode must be 2 letters and 10 digits (dashes allowed), as printed on the back of the card.", "laserCode");
        }
        String birth = field(body, "birthDate", 8);
        if (!BE_DATE.matcher(birth).matches()) {
          throw invalid("birthDate must be the Buddhist-era date YYYYMMDD, as on the card.", "birthDate");
        }
        lc.cardCheck = new LookupContext.CardCheck(citizenId(field(body, "citizenId", 13), "citizenId"),
            field(body, "firstName", 100), field(body, "lastName", 100), birth, laser);
        lc.target = lc.cardCheck.citizenId();
      }
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    ctx.next();
  }

  /**
   * The citizen ID a request asks about when it is well-formed, for the usage record of a request refused before this
   * policy read it (no agency key or card session, an officer without the USER role, a service not assigned to them):
   * the control book names whom an officer tried to look up, not only whom they did. Null for a juristic person, or
   * when there is no valid citizen ID to be found.
   */
  static String attemptedCitizenId(RoutingContext ctx, Dataset dataset) {
    if (dataset == null || dataset == Dataset.JURISTIC) {
      return null;
    }
    String candidate = null;
    if (dataset.linkage()) {
      candidate = ctx.pathParam("cid");
    } else {
      try {
        JsonObject body = ctx.body().asJsonObject();
        candidate = body != null && body.getValue("citizenId") instanceof String s ? s : null;
      } catch (RuntimeException notJson) {
        // no body, or not a JSON object: nothing to name
      }
    }
    return candidate != null && CitizenId.isValid(candidate) ? candidate : null;
  }

  private static String citizenId(String value, String field) {
    String problem = CitizenId.problem(value);
    if (problem != null) {
      throw LookupProblems.INVALID_CITIZEN_ID.exception("The citizen ID " + problem + ".").with("field", field);
    }
    return value;
  }

  /** A card-check field missing, not a string, empty or too long is invalid input, as a malformed one is. */
  private static String field(JsonBody body, String name, int maxLength) {
    try {
      return body.string(name, maxLength);
    } catch (ProblemException e) {
      throw invalid(e.detail(), name);
    }
  }

  private static ProblemException invalid(String detail, String field) {
    return LookupProblems.INVALID_INPUT.exception(detail).with("field", field);
  }

  static boolean validServiceId(String id) {
    return id != null && SERVICE_ID.matcher(id).matches();
  }
}
