package io.linkgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The card authority's answers that its breaker and metrics count as its failures. */
class DopaCardAuthorityTest {

  private static boolean failed(int status, String body) {
    return GdxClient.notAVerdict(new UpstreamResponse(status, Buffer.buffer(body)));
  }

  @Test
  void should_count_a_200_without_a_true_or_false_result_as_a_failure_of_the_card_authority() {
    assertEquals(false, failed(200, "{\"Result\":true}"));
    assertEquals(false, failed(200, "{\"Result\":false}"), "a card answer refused is a verdict, not a failure");
    assertEquals(true, failed(200, "<html>maintenance</html>"));
    assertEquals(true, failed(200, "{\"Result\":\"true\"}"));
    assertEquals(true, failed(200, "{}"));
    assertEquals(false, failed(400, "{\"Message\":\"x\"}"), "a 4xx is a client error, as for every endpoint");
  }
}
