package dev.baton.it;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format, version 0.0.4, for the tests that
 * scrape {@code GET /metrics}.
 *
 * <p>It is here because no maintained Java library reads this format: the io.prometheus clients
 * (simpleclient_common, prometheus-metrics-exposition-textformats) only write it. It refuses what a
 * Prometheus server would refuse to ingest, and a little more: a missing final line feed, invalid
 * metric or label names, bad escapes, a value or timestamp that is not a number, a second HELP or
 * TYPE for one family, a TYPE after its samples, the lines of one family not grouped together, the
 * same series twice, a negative counter, and histograms whose buckets are not cumulative, lack
 * {@code le="+Inf"}, or disagree with their {@code _count}.
 */
public final class PrometheusText {

  /** The metric types of a {@code # TYPE} line. */
  public enum Type {
    COUNTER,
    GAUGE,
    HISTOGRAM,
    SUMMARY,
    UNTYPED
  }

  /** One line of data: a series and its value. @param timestamp epoch ms, or null */
  public record Sample(String name, Map<String, String> labels, double value, Long timestamp) {}

  /** One metric family: the samples under one {@code # TYPE}, or an untyped name of its own. */
  public record Family(String name, Type type, String help, List<Sample> samples) {}

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");

  private final Map<String, Family> families;

  private PrometheusText(Map<String, Family> families) {
    this.families = families;
  }

  /** Parses a whole scrape; throws {@link IllegalArgumentException} naming the line at fault. */
  public static PrometheusText parse(String text) {
    return new Parser(text).parse();
  }

  /** The families, in the order they came. */
  public Map<String, Family> families() {
    return Collections.unmodifiableMap(families);
  }

  public Optional<Family> find(String family) {
    return Optional.ofNullable(families.get(family));
  }

  public Family family(String family) {
    return find(family).orElseThrow(() -> new AssertionError("No metric family " + family));
  }

  /** Every sample named {@code name} whose labels include {@code labels} (name, value, ...). */
  public List<Sample> samples(String name, String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name, value pairs");
    }
    List<Sample> found = new ArrayList<>();
    for (Family family : families.values()) {
      for (Sample sample : family.samples()) {
        if (sample.name().equals(name) && hasLabels(sample, labels)) {
          found.add(sample);
        }
      }
    }
    return found;
  }

  /** The value of the one sample named {@code name} whose labels include {@code labels}. */
  public double value(String name, String... labels) {
    List<Sample> found = samples(name, labels);
    if (found.size() != 1) {
      throw new AssertionError(
          found.size() + " samples " + name + " with labels " + List.of(labels) + ": " + found);
    }
    return found.get(0).value();
  }

  private static boolean hasLabels(Sample sample, String[] labels) {
    for (int i = 0; i < labels.length; i += 2) {
      if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
        return false;
      }
    }
    return true;
  }

  /** One pass over the lines, then the checks that need a whole family. */
  private static final class Parser {

    private final String text;
    private final Map<String, Type> types = new HashMap<>();
    private final Map<String, String> helps = new HashMap<>();
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private final Set<String> series = new HashSet<>();
    private String current;
    private int lineNumber;
    private String line;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    PrometheusText parse() {
      if (!text.isEmpty() && !text.endsWith("\n")) {
        throw new IllegalArgumentException("The last line does not end with a line feed");
      }
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length - 1; i++) {
        lineNumber = i + 1;
        line = lines[i];
        pos = 0;
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("#")) {
          comment();
        } else {
          sample();
        }
      }
      Map<String, Family> families = new LinkedHashMap<>();
      for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
        String name = e.getKey();
        Family family =
            new Family(
                name,
                types.getOrDefault(name, Type.UNTYPED),
                helps.get(name),
                List.copyOf(e.getValue()));
        check(family);
        families.put(name, family);
      }
      return new PrometheusText(families);
    }

    private void comment() {
      String[] parts = line.substring(1).stripLeading().split(" ", 3);
      if (parts.length < 2 || !(parts[0].equals("HELP") || parts[0].equals("TYPE"))) {
        return; // a plain comment
      }
      String name = parts[1];
      if (!METRIC_NAME.matcher(name).matches()) {
        fail("invalid metric name '" + name + "'");
      }
      enter(name);
      if (parts[0].equals("HELP")) {
        if (helps.containsKey(name)) {
          fail("a second HELP for " + name);
        }
        helps.put(name, unescape(parts.length > 2 ? parts[2] : ""));
      } else {
        if (types.containsKey(name)) {
          fail("a second TYPE for " + name);
        }
        if (!samples.getOrDefault(name, List.of()).isEmpty()) {
          fail("the TYPE of " + name + " comes after its samples");
        }
        String type = parts.length > 2 ? parts[2].strip() : "";
        try {
          types.put(name, Type.valueOf(type.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          fail("unknown type '" + type + "'");
        }
        if (!type.equals(type.toLowerCase(java.util.Locale.ROOT))) {
          fail("the type '" + type + "' is not lower case");
        }
      }
    }

    private void sample() {
      int start = pos;
      while (pos < line.length() && line.charAt(pos) != '{' && line.charAt(pos) != ' ') {
        pos++;
      }
      String name = line.substring(start, pos);
      if (!METRIC_NAME.matcher(name).matches()) {
        fail("invalid metric name '" + name + "'");
      }
      Map<String, String> labels = new TreeMap<>();
      if (pos < line.length() && line.charAt(pos) == '{') {
        pos++;
        labels(labels);
      }
      if (pos >= line.length() || line.charAt(pos) != ' ') {
        fail("no value after the series");
      }
      String[] rest = line.substring(pos).strip().split(" +");
      if (rest.length > 2 || rest[0].isEmpty()) {
        fail("expected a value and at most a timestamp, got '" + line.substring(pos) + "'");
      }
      double value = number(rest[0]);
      Long timestamp = null;
      if (rest.length == 2) {
        if (!TIMESTAMP.matcher(rest[1]).matches()) {
          fail("invalid timestamp '" + rest[1] + "'");
        }
        timestamp = Long.parseLong(rest[1]);
      }
      String family = familyOf(name);
      enter(family);
      if (!series.add(name + labels)) {
        fail("the series " + name + labels + " a second time");
      }
      samples
          .computeIfAbsent(family, f -> new ArrayList<>())
          .add(new Sample(name, Collections.unmodifiableMap(labels), value, timestamp));
    }

    private void labels(Map<String, String> labels) {
      while (true) {
        if (pos < line.length() && line.charAt(pos) == '}') {
          pos++;
          return;
        }
        int start = pos;
        while (pos < line.length() && line.charAt(pos) != '=') {
          pos++;
        }
        String label = line.substring(start, pos);
        if (!LABEL_NAME.matcher(label).matches()) {
          fail("invalid label name '" + label + "'");
        }
        pos++; // '='
        if (pos >= line.length() || line.charAt(pos) != '"') {
          fail("the value of label " + label + " is not quoted");
        }
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
          if (pos >= line.length()) {
            fail("the value of label " + label + " is not closed");
          }
          char c = line.charAt(pos++);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            if (pos >= line.length()) {
              fail("a lone backslash in label " + label);
            }
            char escaped = line.charAt(pos++);
            switch (escaped) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> fail("the escape \\" + escaped + " in label " + label);
            }
          } else {
            value.append(c);
          }
        }
        if (labels.put(label, value.toString()) != null) {
          fail("label " + label + " twice");
        }
        if (pos < line.length() && line.charAt(pos) == ',') {
          pos++;
        } else if (pos >= line.length() || line.charAt(pos) != '}') {
          fail("expected ',' or '}' after label " + label);
        }
      }
    }

    /** The family a sample belongs to: its own name, or a histogram's or summary's. */
    private String familyOf(String name) {
      if (types.containsKey(name)) {
        Type type = types.get(name);
        if (type == Type.HISTOGRAM) {
          fail(name + " is a histogram: its samples are _bucket, _sum and _count");
        }
        return name;
      }
      for (String suffix : List.of("_bucket", "_sum", "_count")) {
        if (name.endsWith(suffix)) {
          String base = name.substring(0, name.length() - suffix.length());
          Type type = types.get(base);
          if (type == Type.HISTOGRAM || (type == Type.SUMMARY && !suffix.equals("_bucket"))) {
            return base;
          }
        }
      }
      return name;
    }

    /** The lines of one family come together: none may come back to one left before. */
    private void enter(String family) {
      if (family.equals(current)) {
        return;
      }
      if (finished.contains(family)) {
        fail("the lines of " + family + " are not grouped together");
      }
      if (current != null) {
        finished.add(current);
      }
      current = family;
    }

    private void check(Family family) {
      switch (family.type()) {
        case COUNTER -> {
          for (Sample s : family.samples()) {
            if (!(s.value() >= 0)) {
              throw new IllegalArgumentException("The counter " + s + " is not 0 or more");
            }
          }
        }
        case HISTOGRAM -> checkHistogram(family);
        case SUMMARY -> checkSummary(family);
        default -> {}
      }
    }

    private static void checkHistogram(Family family) {
      Map<Map<String, String>, TreeMap<Double, Double>> buckets = new HashMap<>();
      Map<Map<String, String>, Double> counts = new HashMap<>();
      Set<Map<String, String>> sums = new HashSet<>();
      for (Sample s : family.samples()) {
        Map<String, String> labels = new TreeMap<>(s.labels());
        if (s.name().endsWith("_bucket")) {
          String le = labels.remove("le");
          if (le == null) {
            throw new IllegalArgumentException("A bucket without le: " + s);
          }
          double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : parseLe(le, s);
          buckets.computeIfAbsent(labels, l -> new TreeMap<>()).put(bound, s.value());
        } else if (labels.containsKey("le")) {
          throw new IllegalArgumentException("le on a sample that is not a bucket: " + s);
        } else if (s.name().endsWith("_count")) {
          counts.put(labels, s.value());
        } else {
          sums.add(labels);
        }
      }
      for (Map.Entry<Map<String, String>, TreeMap<Double, Double>> e : buckets.entrySet()) {
        String where = family.name() + e.getKey();
        double previous = 0;
        for (double count : e.getValue().values()) {
          if (count < previous) {
            throw new IllegalArgumentException("The buckets of " + where + " are not cumulative");
          }
          previous = count;
        }
        Double inf = e.getValue().get(Double.POSITIVE_INFINITY);
        if (inf == null) {
          throw new IllegalArgumentException(where + " has no le=\"+Inf\" bucket");
        }
        if (!inf.equals(counts.get(e.getKey()))) {
          throw new IllegalArgumentException(
              where + ": _count " + counts.get(e.getKey()) + " is not the +Inf bucket " + inf);
        }
        if (!sums.contains(e.getKey())) {
          throw new IllegalArgumentException(where + " has no _sum");
        }
      }
      if (!buckets.keySet().containsAll(counts.keySet())) {
        throw new IllegalArgumentException(family.name() + " has a _count without buckets");
      }
    }

    private static double parseLe(String le, Sample s) {
      if (!NUMBER.matcher(le).matches()) {
        throw new IllegalArgumentException("le is not a number: " + s);
      }
      return Double.parseDouble(le);
    }

    private static void checkSummary(Family family) {
      for (Sample s : family.samples()) {
        String quantile = s.labels().get("quantile");
        if (s.name().equals(family.name())) {
          if (quantile == null) {
            throw new IllegalArgumentException("A summary sample without quantile: " + s);
          }
          double q = Double.parseDouble(quantile);
          if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("A quantile outside [0, 1]: " + s);
          }
        } else if (quantile != null) {
          throw new IllegalArgumentException("quantile on " + s);
        }
      }
    }

    private double number(String value) {
      switch (value) {
        case "NaN":
          return Double.NaN;
        case "+Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        default:
          if (!NUMBER.matcher(value).matches()) {
            fail("invalid value '" + value + "'");
          }
          return Double.parseDouble(value);
      }
    }

    private String unescape(String help) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < help.length(); i++) {
        char c = help.charAt(i);
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (++i >= help.length()) {
          fail("a lone backslash in HELP");
        }
        char escaped = help.charAt(i);
        switch (escaped) {
          case '\\' -> out.append('\\');
          case 'n' -> out.append('\n');
          default -> fail("the escape \\" + escaped + " in HELP");
        }
      }
      return out.toString();
    }

    private void fail(String problem) {
      throw new IllegalArgumentException("Line " + lineNumber + ": " + problem + ": " + line);
    }
  }
}
