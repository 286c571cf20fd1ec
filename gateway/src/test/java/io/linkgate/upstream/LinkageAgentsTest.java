package io.linkgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.linkgate.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The agent check's answer: one of the three documented states, or a problem saying whose fault it is. */
class LinkageAgentsTest {

  private static Future<String> state(int status, String body) {
    return LinkageAgents.state(new UpstreamResponse(status, Buffer.buffer(body)));
  }

  private static ProblemException problem(Future<String> result) {
    return assertInstanceOf(ProblemException.class, result.cause());
  }

  @Test
  void should_read_each_documented_state() {
    for (String s : new String[] {"AgentNotAvailable", "AgentAvailable", "CitizenAvailable"}) {
      assertEquals(s, state(200, "{\"AgentID\":\"x\",\"CitizenID\":\"1101700203451\",\"SessionState\":\"" + s + "\"}").result());
    }
  }

  @Test
  void should_not_take_an_unknown_or_missing_state_for_an_available_agent() {
    for (String body : new String[] {"{\"SessionState\":\"AGENT_NOT_AVAILABLE\"}", "{\"SessionState\":\"\"}",
        "{\"SessionState\":0}", "{\"SessionState\":null}", "{}", "not json"}) {
      ProblemException p = problem(state(200, body));
      assertEquals("upstream-error", p.type().slug(), body);
      assertEquals(502, p.type().status(), body);
    }
  }

  @Test
  void should_answer_gdx_refusing_the_call_as_a_refusal_not_as_unavailable() {
    ProblemException p = problem(state(403, "{\"Message\":\"Consumer-Key missing or unknown\"}"));
    assertEquals("upstream-refused", p.type().slug());
    assertEquals(403, p.members().get("upstreamStatus"));
  }
}
