package io.linkgate.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition: each metric family's type, description, label names and label values. */
record Exposition(Map<String, Family> families) {

  record Family(String name, String type, String help, Set<String> labels, List<Map<String, String>> samples) {
  }

  private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
  private static final Pattern HELP = Pattern.compile("^# HELP (\\S+) ?(.*)$");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? \\S+.*$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  /** Labels Prometheus itself gives meaning to, and the registry's common tag: not part of a meter's own tags. */
  static final Set<String> STRUCTURAL = Set.of("le", "quantile", "application");

  static Exposition parse(String text) {
    Map<String, Family> families = new TreeMap<>();
    Map<String, String> helps = new TreeMap<>();
    for (String line : text.split("\n")) {
      Matcher help = HELP.matcher(line);
      if (help.matches()) {
        helps.put(help.group(1), help.group(2).trim());
        continue;
      }
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        families.put(type.group(1), new Family(type.group(1), type.group(2), helps.getOrDefault(type.group(1), ""), new TreeSet<>(),
            new java.util.ArrayList<>()));
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.matches()) {
        continue;
      }
      Family family = familyOf(families, sample.group(1));
      if (family == null) {
        throw new AssertionError("sample without a # TYPE line: " + line);
      }
      Map<String, String> labels = new TreeMap<>();
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      family.samples().add(labels);
      labels.keySet().stream().filter(k -> !STRUCTURAL.contains(k)).forEach(family.labels()::add);
    }
    return new Exposition(families);
  }

  private static Family familyOf(Map<String, Family> families, String sampleName) {
    if (families.containsKey(sampleName)) {
      return families.get(sampleName);
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_created")) {
      if (sampleName.endsWith(suffix)) {
        Family f = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
        if (f != null) {
          return f;
        }
      }
    }
    return null;
  }
}
