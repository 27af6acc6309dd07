package dev.baton.protocol.json;

/**
 * A field that is missing or of the wrong kind; caught where a record is turned into a dead letter.
 */
final class FieldProblem extends RuntimeException {

  FieldProblem(String message) {
    super(message, null, false, false);
  }
}
