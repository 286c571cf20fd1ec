package io.linkgate.report.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.http.ProblemType;
import io.linkgate.upstream.LinkageStatus;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report prints every reason a lookup or a login can be refused for in Thai: a code without wording printed an
 * empty reason (session-required, upstream-refused, the Linkage Center's refusals and the login refusals had none).
 */
class LabelsTest {

  /** Where the problem types of lookups (their usage records) and of logins (login_failure) are declared. */
  private static final List<Class<?>> REFUSALS = List.of(io.linkgate.http.Problems.class, io.linkgate.lookup.LookupProblems.class,
      io.linkgate.session.SessionProblems.class, io.linkgate.ratelimit.RateLimitProblems.class,
      io.linkgate.upstream.UpstreamProblems.class, io.linkgate.upstream.GdxClient.class, io.linkgate.usage.Journal.class);

  @Test
  @SuppressWarnings("unchecked")
  void should_word_every_refusal_of_a_lookup_or_a_login_in_thai() throws Exception {
    List<String> codes = new ArrayList<>(List.of("wrong-pin", "pin-blocked", "unknown"));
    for (Class<?> c : REFUSALS) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == ProblemType.class) {
          f.setAccessible(true);
          codes.add(((ProblemType) f.get(null)).slug());
        }
      }
    }
    // the Linkage Center's codes: each one it documents, a provider's HTTP status, an unknown code, a malformed one
    Field known = LinkageStatus.class.getDeclaredField("CODES");
    known.setAccessible(true);
    List<String> linkage = new ArrayList<>(((java.util.Map<String, ?>) known.get(null)).keySet());
    linkage.addAll(List.of("00500", "12345", "x"));
    for (String code : linkage) {
      codes.add(LinkageStatus.toProblem(code).type().slug());
    }
    List<String> unworded = codes.stream().distinct().filter(code -> Labels.reason(code).isEmpty()).sorted().toList();
    assertEquals(List.of(), unworded, "reasons the report would print empty");
  }
}
