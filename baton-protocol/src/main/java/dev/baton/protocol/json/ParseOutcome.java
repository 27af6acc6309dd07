package dev.baton.protocol.json;

import dev.baton.protocol.input.Input;
import dev.baton.protocol.output.DeadLetterReason;

/** The result of reading one input record: an input for the engine, or why there is none. */
public sealed interface ParseOutcome {

  record Parsed(Input input) implements ParseOutcome {}

  record Unparseable(DeadLetterReason reason, String message) implements ParseOutcome {}
}
