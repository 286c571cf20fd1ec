package io.linkgate.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.linkgate.cache.Fetched;
import io.linkgate.http.ProblemException;
import io.linkgate.upstream.GdxClient;
import io.linkgate.upstream.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How an upstream's answer becomes a lookup's result: relayed, not found, or a problem naming whose fault it is. */
class LookupClientTest {

  static String problem(Future<Fetched> result) {
    return assertInstanceOf(ProblemException.class, result.cause()).type().slug();
  }

  @Test
  void should_tell_a_broken_answer_from_a_refusal_for_linkage_and_gdx_alike() {
    for (Function<UpstreamResponse, Future<Fetched>> answer : java.util.List.<Function<UpstreamResponse, Future<Fetched>>>of(
        LookupClient::linkageAnswer, LookupClient::gdxAnswer)) {
      assertEquals("upstream-error", problem(answer.apply(new UpstreamResponse(200, Buffer.buffer("<html>busy</html>")))));
      assertEquals("upstream-error", problem(answer.apply(new UpstreamResponse(200, Buffer.buffer(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'})))),
          "an overlong UTF-8 form is not text");
      assertEquals("upstream-refused", problem(answer.apply(new UpstreamResponse(403, Buffer.buffer("{}")))));
      Fetched found = answer.apply(new UpstreamResponse(200, Buffer.buffer("{\"firstName\":\"วิชัย\"}"))).result();
      assertEquals("{\"firstName\":\"วิชัย\"}", assertInstanceOf(Fetched.Found.class, found).body().toString());
    }
    assertEquals("linkage-data-not-found", assertInstanceOf(Fetched.NotFound.class,
        LookupClient.linkageAnswer(new UpstreamResponse(200, Buffer.buffer("{\"Code\":\"90500\",\"Message\":\"x\"}"))).result())
        .problem().type().slug());
  }

  @Test
  void should_answer_from_the_answer_itself_when_the_breaker_check_scanned_another_one_before() {
    UpstreamResponse notFound = new UpstreamResponse(200, Buffer.buffer("{\"Code\":\"90500\",\"Message\":\"x\"}"));
    UpstreamResponse person = new UpstreamResponse(200, Buffer.buffer("{\"firstName\":\"วิชัย\"}"));
    assertEquals(false, LookupClient.linkageFailed(notFound));
    // another answer than the one just checked (a retry's, say): its own Code decides
    assertInstanceOf(Fetched.Found.class, LookupClient.linkageAnswer(person).result());
    assertEquals(false, LookupClient.linkageFailed(notFound));
    assertInstanceOf(Fetched.NotFound.class, LookupClient.linkageAnswer(notFound).result());
    UpstreamResponse timedOut = new UpstreamResponse(200, Buffer.buffer("{\"Code\":\"90012\"}"));
    assertEquals(true, LookupClient.linkageFailed(timedOut));
    assertEquals("linkage-upstream-timeout", problem(LookupClient.linkageAnswer(timedOut)));
  }

  @Test
  void should_reuse_the_breaker_checks_scan_of_the_same_answer_instead_of_reading_it_again() {
    String person = "{\"firstName\":\"Somchai\",\"lastName\":\"Benchmark\"}";
    String notFound = "{\"Code\":\"90500\",\"Message\":\"x\"}";
    notFound = notFound.substring(0, notFound.length() - 1) + " ".repeat(person.length() - notFound.length()) + "}";
    Buffer body = Buffer.buffer(person);
    UpstreamResponse answer = new UpstreamResponse(200, body);
    assertEquals(false, LookupClient.linkageFailed(answer));
    // the same buffer now reads as a not-found: only a second scan would see it, the check's scan (no Code) is used
    body.setString(0, notFound);
    assertInstanceOf(Fetched.Found.class, LookupClient.linkageAnswer(answer).result());
    // the scan is used once: the next interpretation of this answer reads it
    assertInstanceOf(Fetched.NotFound.class, LookupClient.linkageAnswer(answer).result());
  }

  @Test
  void should_relay_a_laser_code_check_only_when_it_answers_a_true_or_false_result() {
    for (String verdict : new String[] {"{\"Result\":true}", "{\"Result\":false}"}) {
      UpstreamResponse r = new UpstreamResponse(200, Buffer.buffer(verdict));
      assertEquals(false, GdxClient.notAVerdict(r), verdict);
      assertEquals(verdict, assertInstanceOf(Fetched.Found.class, LookupClient.cardCheckAnswer(r).result()).body().toString());
    }
    for (String broken : new String[] {"{\"Result\":\"false\"}", "{\"Result\":\"true\"}", "{\"Result\":null}", "{}",
        "{\"Result\":1}", "<html>maintenance</html>"}) {
      UpstreamResponse r = new UpstreamResponse(200, Buffer.buffer(broken));
      assertEquals(true, GdxClient.notAVerdict(r), broken);
      assertEquals("upstream-error", problem(LookupClient.cardCheckAnswer(r)), broken);
    }
    assertEquals(false, GdxClient.notAVerdict(new UpstreamResponse(403, Buffer.buffer("{}"))));
    assertEquals("upstream-refused", problem(LookupClient.cardCheckAnswer(new UpstreamResponse(403, Buffer.buffer("{}")))));
  }

  @Test
  void should_count_a_gdx_answer_that_is_not_one_json_object_as_a_failure_of_the_upstream() {
    assertEquals(true, LookupClient.gdxFailed(new UpstreamResponse(200, Buffer.buffer("<html>busy</html>"))));
    assertEquals(true, LookupClient.gdxFailed(new UpstreamResponse(200, Buffer.buffer("{\"JuristicID\":"))));
    assertEquals(false, LookupClient.gdxFailed(new UpstreamResponse(200, Buffer.buffer("{\"JuristicID\":\"0105536000315\"}"))));
    assertEquals(false, LookupClient.gdxFailed(new UpstreamResponse(404, Buffer.buffer("not json"))));
  }
}
