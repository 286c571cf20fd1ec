package io.linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The catalogue of problem types in openapi.yaml (the table rows of the Problem schema's {@code type} description)
 * against the types the gateway's code can answer with: every {@code new ProblemType("slug", ...)} and every Linkage
 * status {@code new Mapping(status, "slug", ...)} under gateway/src/main/java. Agency systems switch on these names,
 * so a type the code answers with must be listed, with its status, and a listed type must still exist.
 */
public class OpenApiProblemCatalogueTest {

  /** {@code new ProblemType("slug", "title", status...}: the slug, and the status expression when it is written there. */
  static final Pattern PROBLEM_TYPE = Pattern.compile("new ProblemType\\(\\s*\"([^\"]+)\"(?:\\s*,\\s*\"[^\"]*\"\\s*,\\s*([^,)]+))?");
  /** {@code new Mapping(401, "slug", ...)} of LinkageStatus. */
  static final Pattern MAPPING = Pattern.compile("new Mapping\\(\\s*(\\d+)\\s*,\\s*\"([^\"]+)\"");
  /** A catalogue row: {@code | `slug` | status | meaning | what to do |}. */
  static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*([^|]*?)\\s*\\|.*\\|\\s*$");

  /** Where each slug is made in the code, and the literal statuses it is made with (none when computed). */
  record InCode(List<String> places, Set<Integer> statuses, boolean computedStatus) {
  }

  static Map<String, InCode> code;
  static String catalogueText;

  /** Every problem type slug the gateway's code answers with (read from its sources, as this test does). */
  public static java.util.SortedSet<String> slugsInCode() throws IOException {
    if (code == null) {
      read();
    }
    return new TreeSet<>(code.keySet());
  }

  @BeforeAll
  static void read() throws IOException {
    code = new TreeMap<>();
    Path sources = RepoFiles.file("gateway/src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> scan(sources, f));
    }
    catalogueText = catalogueDescription();
  }

  private static void scan(Path root, Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = root.relativize(file).toString();
    Matcher m = PROBLEM_TYPE.matcher(text);
    while (m.find()) {
      String status = m.group(2) == null ? "" : m.group(2).trim();
      add(m.group(1), name + ":" + line(text, m.start()), status.matches("\\d{3}") ? Integer.valueOf(status) : null);
    }
    m = MAPPING.matcher(text);
    while (m.find()) {
      add(m.group(2), name + ":" + line(text, m.start()), Integer.valueOf(m.group(1)));
    }
  }

  private static void add(String slug, String place, Integer status) {
    InCode before = code.get(slug);
    List<String> places = new ArrayList<>(before == null ? List.of() : before.places());
    places.add(place);
    Set<Integer> statuses = new TreeSet<>(before == null ? Set.of() : before.statuses());
    if (status != null) {
      statuses.add(status);
    }
    code.put(slug, new InCode(places, statuses, (before != null && before.computedStatus()) || status == null));
  }

  private static int line(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  @SuppressWarnings("unchecked")
  private static String catalogueDescription() throws IOException {
    Map<String, Object> doc = new Yaml().load(Files.readString(RepoFiles.file("gateway/src/main/resources/openapi.yaml")));
    Map<String, Object> node = doc;
    for (String key : List.of("components", "schemas", "Problem", "properties", "type")) {
      node = (Map<String, Object>) node.get(key);
      assertTrue(node != null, "openapi.yaml has no components.schemas.Problem.properties.type (at " + key + ")");
    }
    Object description = node.get("description");
    assertTrue(description instanceof String, "the Problem schema's type has no description holding the catalogue");
    return (String) description;
  }

  /** The catalogue's rows, slug to status cell, in the order written (a slug listed twice is reported). */
  private static Map<String, List<String>> catalogue() {
    Map<String, List<String>> rows = new TreeMap<>();
    for (String line : catalogueText.split("\n")) {
      Matcher m = ROW.matcher(line.trim());
      if (m.matches()) {
        rows.computeIfAbsent(m.group(1), s -> new ArrayList<>()).add(m.group(2));
      }
    }
    return rows;
  }

  @Test
  void should_find_the_types_in_the_code_and_the_catalogue_at_all() {
    // a scan that finds nothing (a renamed class, a moved file) would make every other check pass
    assertTrue(code.size() >= 50, "problem types found in gateway/src/main/java: " + code.keySet());
    assertTrue(code.containsKey("linkage-quota-exhausted") && code.containsKey("linkage-provider-error"), code.keySet().toString());
    assertTrue(catalogue().size() >= 50, "catalogue rows found in openapi.yaml: " + catalogue().keySet());
    assertTrue(catalogueText.contains(ProblemType.PREFIX), "the catalogue names the types' prefix " + ProblemType.PREFIX);
  }

  @Test
  void should_list_every_problem_type_the_code_answers_with() {
    Set<String> listed = catalogue().keySet();
    List<String> missing = new ArrayList<>();
    code.forEach((slug, where) -> {
      if (!listed.contains(slug)) {
        missing.add(slug + " (" + String.join(", ", where.places()) + ")");
      }
    });
    assertEquals(List.of(), missing, "problem types the code answers with that openapi.yaml's catalogue "
        + "(components.schemas.Problem.properties.type.description) does not list: add a row for each");
  }

  @Test
  void should_list_no_problem_type_the_code_no_longer_has() {
    Set<String> gone = new TreeSet<>(catalogue().keySet());
    gone.removeAll(code.keySet());
    assertEquals(Set.of(), gone, "problem types openapi.yaml's catalogue lists that no code under gateway/src/main/java makes: "
        + "remove their rows (or fix their names)");
  }

  @Test
  void should_list_each_type_once_with_the_status_the_code_gives_it() {
    List<String> wrong = new ArrayList<>();
    catalogue().forEach((slug, statuses) -> {
      if (statuses.size() > 1) {
        wrong.add(slug + " is listed " + statuses.size() + " times");
      }
      InCode where = code.get(slug);
      if (where == null || where.computedStatus()) {
        return; // not in the code (reported above), or a status computed at run time: the row says in words
      }
      String expected = where.statuses().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
      if (!statuses.get(0).equals(expected)) {
        wrong.add(slug + ": catalogue says '" + statuses.get(0) + "', the code " + expected + " (" + String.join(", ", where.places()) + ")");
      }
    });
    assertEquals(List.of(), wrong);
    assertFalse(catalogue().isEmpty());
  }
}
