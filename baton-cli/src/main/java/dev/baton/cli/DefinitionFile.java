package dev.baton.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.domain.Planner;
import dev.baton.protocol.definition.DagAnalysis;
import dev.baton.protocol.json.DefinitionReader;
import dev.baton.protocol.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A workflow definition file, read and validated the way the engine will: the same reader, the same
 * planner. Checking locally first turns a rejection the user would only see later in the status
 * topic into an immediate error.
 *
 * @param json the file's JSON as written, sent on unchanged so that fields this version does not
 *     know reach a newer server
 */
public record DefinitionFile(Path path, JsonNode json, DagAnalysis analysis) {

  /** Reads and plans {@code path}; every problem is a {@link CliException} with exit code 2. */
  public static DefinitionFile load(Path path, int maxTasks) {
    String text = readText(path);
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw CliException.badInput(
          path
              + ": not valid JSON: "
              + withoutSource(firstLine(e.getOriginalMessage()))
              + at(e.getLocation()));
    }
    if (json == null || json.isMissingNode()) {
      throw CliException.badInput(path + ": the file is empty; expected a workflow definition");
    }
    DefinitionReader.Read read = DefinitionReader.read(json);
    if (read.problem() != null) {
      throw CliException.badInput(path + ": invalid definition: " + read.problem());
    }
    Planner.Result result = new Planner(maxTasks).plan(read.definition());
    if (result instanceof Planner.Invalid invalid) {
      throw CliException.badInput(path + ": invalid definition: " + invalid.reason());
    }
    return new DefinitionFile(path, json, ((Planner.Valid) result).analysis());
  }

  /**
   * Prints a warning line on {@code err} per field the contract does not know: the definition stays
   * valid (the server ignores such fields), but a misspelt one does nothing.
   */
  public void warnUnknownFields(PrintWriter err, String command) {
    for (String warning : DefinitionFields.unknown(json)) {
      err.println(command + ": warning: " + path + ": " + warning);
    }
    err.flush();
  }

  public String workflowId() {
    return analysis.definition().id();
  }

  public int taskCount() {
    return analysis.definition().tasks().size();
  }

  private static String readText(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliException.badInput(path + ": no such file");
    } catch (AccessDeniedException e) {
      throw CliException.badInput(path + ": permission denied");
    } catch (IOException e) {
      if (Files.isDirectory(path)) {
        throw CliException.badInput(path + ": is a directory, expected a JSON file");
      }
      throw CliException.badInput(path + ": cannot read: " + e.getMessage());
    }
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** Jackson names the input in nested locations; the file name is already in the message. */
  private static String withoutSource(String message) {
    return message.replaceAll("\\[Source: [^;]*; (line: \\d+, column: \\d+)]", "$1");
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    return text.lines().findFirst().orElse("").trim();
  }
}
