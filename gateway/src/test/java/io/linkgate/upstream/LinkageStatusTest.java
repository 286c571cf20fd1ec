package io.linkgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linkgate.http.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every Linkage status code of the design brief's DOMAIN.md maps to its HTTP status and keeps the code as linkageStatus. */
class LinkageStatusTest {

  @ParameterizedTest
  @CsvSource({
      "90001,401", "90016,401", "90090,401",
      "95001,403", "95002,403", "95004,403", "95005,403", "90005,403",
      "90008,429", "90050,429",
      "95010,403", "95011,403", "95014,403",
      "95012,404", "95016,400", "95017,400",
      "90500,404", "99992,404", "99994,404",
      "90012,504",
      "95015,400", "95018,400", "99983,502",
      "00404,404", "00503,503", "00200,502",
      "12345,502"})
  void should_map_each_code_to_its_http_status(String code, int status) {
    ProblemException p = LinkageStatus.toProblem(code);
    assertEquals(status, p.type().status(), code);
    assertEquals(code, p.members().get("linkageStatus"));
  }

  @ParameterizedTest
  @CsvSource({"00000"})
  void should_not_make_a_problem_of_success(String code) {
    assertNull(LinkageStatus.toProblem(code));
  }

  @ParameterizedTest
  @CsvSource({"abc", "9000"})
  void should_treat_a_malformed_code_as_an_invalid_answer(String code) {
    assertEquals(502, LinkageStatus.toProblem(code).type().status());
  }
}
