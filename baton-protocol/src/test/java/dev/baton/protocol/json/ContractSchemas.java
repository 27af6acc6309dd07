package dev.baton.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JSON Schemas of the wire contract ({@code docs/schemas}), for tests that want to check a
 * record they wrote or read: {@code ContractSchemas.assertValid("status-event.schema.json", json)}.
 *
 * <p>A schema is named by its file, optionally with a fragment ({@code
 * "status-event.schema.json#/$defs/CommandRejected"}). The schemas are read from the checkout's
 * {@code docs/schemas}, found from the working directory upwards (or at {@code
 * -Dbaton.schemas.dir}), and refer to each other through their {@code $id}s, which are mapped to
 * those files: nothing is fetched from the network.
 */
public final class ContractSchemas {

  /** The {@code $id} of every schema is this followed by its file name. */
  public static final String BASE_URI = "https://baton.dev/schemas/";

  /** The draft every schema declares. */
  public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

  private static final Path DIRECTORY = locate();

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder.schemas(
                  iri -> iri.startsWith(BASE_URI) ? read(iri.substring(BASE_URI.length())) : null));

  private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

  private ContractSchemas() {}

  /** The folder the schemas are read from. */
  public static Path directory() {
    return DIRECTORY;
  }

  /** The file names of every schema in the folder ({@code *.schema.json}), sorted. */
  public static List<String> files() {
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".schema.json"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What is wrong with {@code json} by the schema {@code schema}; empty when it is valid. For a
   * schema that is a {@code oneOf} by {@code type} (commands, results, status events), the problems
   * are those of the record's own type when the schema has it in {@code $defs}, rather than why it
   * is none of the other types.
   */
  public static List<String> problems(String schema, String json) {
    List<String> problems = validate(schema, json);
    if (problems.isEmpty() || schema.contains("#")) {
      return problems;
    }
    String type = typeOf(json);
    if (type != null && schema(schema).getSchemaNode().path("$defs").has(type)) {
      List<String> asType = validate(schema + "#/$defs/" + type, json);
      if (!asType.isEmpty()) {
        return asType.stream().map(p -> "as a " + type + ", " + p).collect(Collectors.toList());
      }
    }
    return problems;
  }

  /** {@link #problems(String, String)} of a record as Baton writes it (UTF-8). */
  public static List<String> problems(String schema, byte[] json) {
    return problems(schema, new String(json, StandardCharsets.UTF_8));
  }

  /** Fails with every problem and the record itself unless {@code json} is valid by the schema. */
  public static void assertValid(String schema, String json) {
    List<String> problems = problems(schema, json);
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "not valid by "
              + schema
              + ":\n  "
              + String.join("\n  ", problems)
              + "\nthe record: "
              + abbreviated(json));
    }
  }

  /** {@link #assertValid(String, String)} of a record as Baton writes it (UTF-8). */
  public static void assertValid(String schema, byte[] json) {
    assertValid(schema, new String(json, StandardCharsets.UTF_8));
  }

  /** Fails unless the schema finds something wrong with {@code json}. */
  public static void assertInvalid(String schema, String json) {
    if (problems(schema, json).isEmpty()) {
      throw new AssertionError("valid by " + schema + ", but should not be: " + abbreviated(json));
    }
  }

  /** The schema, loaded once; {@code schema} is a file name with an optional fragment. */
  public static Schema schema(String schema) {
    return SCHEMAS.computeIfAbsent(
        schema, name -> REGISTRY.getSchema(SchemaLocation.of(BASE_URI + name)));
  }

  /** The draft 2020-12 meta-schema, which every schema file must satisfy. */
  public static Schema metaSchema() {
    return SCHEMAS.computeIfAbsent(DIALECT, name -> REGISTRY.getSchema(SchemaLocation.of(DIALECT)));
  }

  private static List<String> validate(String schema, String json) {
    List<Error> errors;
    try {
      errors = schema(schema).validate(json, InputFormat.JSON);
    } catch (RuntimeException e) {
      if (isParseFailure(e)) {
        return List.of("not JSON: " + e.getMessage());
      }
      throw e;
    }
    return errors.stream().map(ContractSchemas::describe).collect(Collectors.toList());
  }

  private static String describe(Error error) {
    String where = error.getInstanceLocation().toString();
    return (where.isEmpty() ? "the record" : where) + ": " + error.getMessage();
  }

  private static String typeOf(String json) {
    try {
      JsonNode type = Json.MAPPER.readTree(json).path("type");
      return type.isTextual() ? type.textValue() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean isParseFailure(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getName().startsWith("tools.jackson.core.")) {
        return true;
      }
    }
    return false;
  }

  private static String abbreviated(String json) {
    return json.length() <= 2_000 ? json : json.substring(0, 2_000) + "... (" + json.length() + ")";
  }

  private static String read(String file) {
    Path path = DIRECTORY.resolve(file).normalize();
    if (!path.startsWith(DIRECTORY) || !Files.isRegularFile(path)) {
      return null;
    }
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path locate() {
    String configured = System.getProperty("baton.schemas.dir");
    if (configured != null) {
      return Paths.get(configured).toAbsolutePath().normalize();
    }
    Path start = Paths.get("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("docs").resolve("schemas");
      if (Files.isRegularFile(candidate.resolve("index.json"))) {
        return candidate.normalize();
      }
    }
    throw new IllegalStateException(
        "no docs/schemas/index.json in "
            + start
            + " or above it; run from the checkout or set -Dbaton.schemas.dir");
  }
}
