package io.linkgate.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.card.CardAccessException;
import io.linkgate.cardedge.login.LoginFailure;
import io.linkgate.http.OpenApiProblemCatalogueTest;
import io.linkgate.http.ProblemType;
import io.linkgate.lookup.Dataset;
import io.linkgate.session.SessionProblems;
import io.linkgate.usage.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's translation table ({@code console/js/i18n.js}) against the values the gateway and card-edge send it:
 * a Thai officer sees Thai, not a code or an English message, for every sign-in refusal and usage outcome. Read as
 * text (no browser): each entry is {@code key: ['ไทย', 'English']}.
 */
class ConsoleI18nTest {

  private static final String STRING = "'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"";
  private static final Pattern ENTRY = Pattern.compile(
      "(?<=[\\s,{])(?:'([^']+)'|([A-Za-z_][A-Za-z0-9_]*))\\s*:\\s*\\[\\s*(" + STRING + ")\\s*,\\s*(" + STRING + ")\\s*]");
  private static final Pattern THAI = Pattern.compile("[\\u0E00-\\u0E7F]");

  /** key → [Thai, English], as written in the table (quotes included). */
  private static Map<String, String[]> table() throws IOException {
    String js = resource("console/js/i18n.js");
    int start = js.indexOf("const T = {");
    int end = js.indexOf("\n};", start);
    assertTrue(start >= 0 && end > start, "i18n.js has its table T");
    // whole-line comments out (an entry commented out is no entry), then every entry read, and nothing else left
    String body = js.substring(start + "const T = {".length(), end).lines()
        .filter(line -> !line.trim().startsWith("//")).collect(java.util.stream.Collectors.joining("\n", "\n", "\n"));
    Map<String, String[]> entries = new LinkedHashMap<>();
    Matcher m = ENTRY.matcher(body);
    while (m.find()) {
      entries.put(m.group(1) != null ? m.group(1) : m.group(2), new String[] {m.group(3), m.group(4)});
    }
    String unread = ENTRY.matcher(body).replaceAll("").replaceAll("[\\s,]", "");
    assertEquals("", unread, "the table holds only entries of the form key: ['ไทย', 'English']");
    assertTrue(entries.size() > 100, "the table was read: " + entries.size() + " entries");
    return entries;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ConsoleI18nTest.class.getClassLoader().getResourceAsStream(name)) {
      assertTrue(in != null, name + " on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void assertAllIn(Map<String, String[]> table, List<String> keys, String what) {
    List<String> missing = keys.stream().filter(k -> !table.containsKey(k)).toList();
    assertEquals(List.of(), missing, what + " without a text in the console's table");
  }

  @Test
  void should_have_a_thai_and_an_english_text_for_every_key() throws IOException {
    List<String> notThai = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    table().forEach((key, texts) -> {
      if (!THAI.matcher(texts[0]).find() && !key.equals("switchLang")) { // the button names the other language
        notThai.add(key);
      }
      if (texts[1].length() <= 2) {
        empty.add(key);
      }
    });
    assertEquals(List.of(), notThai, "entries whose Thai text has no Thai in it");
    assertEquals(List.of(), empty, "entries without an English text");
  }

  @Test
  void should_explain_in_thai_every_sign_in_refusal_card_edge_reports() throws IOException {
    List<String> reasons = new ArrayList<>();
    // card-edge's agent: its card's failures, the PIN's, its own, and the gateway's refusal by its slug
    Stream.of(CardAccessException.Reason.values()).forEach(r -> reasons.add(r.name().toLowerCase(Locale.ROOT)));
    Stream.of(LoginFailure.Kind.values()).forEach(k -> reasons.add(k.name().toLowerCase(Locale.ROOT)));
    reasons.addAll(List.of("cancelled", "gateway-unreachable", "error"));
    for (Field f : SessionProblems.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == ProblemType.class) {
        String slug = ((ProblemType) getStatic(f)).slug();
        if (!slug.startsWith("session-")) { // a lookup's refusal of a session, never a sign-in's
          reasons.add(slug);
        }
      }
    }
    assertAllIn(table(), reasons.stream().map(r -> "reason_" + r).distinct().toList(), "sign-in refusals");
  }

  @Test
  void should_name_every_usage_outcome_and_agency_dataset_in_thai() throws IOException {
    Map<String, String[]> table = table();
    assertAllIn(table, Stream.of(Outcome.values()).map(o -> "o_" + o.name()).toList(), "usage outcomes");
    Matcher datasets = Pattern.compile("export const DATASETS = \\[([^]]*)]").matcher(resource("console/js/admin-shared.js"));
    assertTrue(datasets.find(), "admin-shared.js lists the datasets");
    TreeSet<String> codes = new TreeSet<>();
    Matcher code = Pattern.compile("'([^']+)'").matcher(datasets.group(1));
    while (code.find()) {
      codes.add(code.group(1));
    }
    assertEquals(new TreeSet<>(List.of(Dataset.PERSON.name(), Dataset.HOUSE.name(), Dataset.CARD_CHECK.name(), Dataset.JURISTIC.name())),
        codes, "the console offers the gateway's datasets");
    assertAllIn(table, codes.stream().map(c -> "dataset_" + c).toList(), "datasets");
  }

  @Test
  void should_title_in_thai_every_problem_type_the_gateway_answers_with() throws IOException {
    Map<String, String[]> table = table();
    java.util.SortedSet<String> slugs = OpenApiProblemCatalogueTest.slugsInCode();
    assertTrue(slugs.size() > 90, "the problem types were read from the sources: " + slugs.size());
    assertAllIn(table, slugs.stream().map(s -> "pt_" + s).toList(), "problem types");
    List<String> gone = table.keySet().stream().filter(k -> k.startsWith("pt_") && !slugs.contains(k.substring(3))).toList();
    assertEquals(List.of(), gone, "titles of problem types the gateway no longer has");
  }

  private static Object getStatic(Field f) {
    try {
      return f.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
