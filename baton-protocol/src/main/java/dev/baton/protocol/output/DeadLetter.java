package dev.baton.protocol.output;

/** The contract's dead letter: the original record, whole, with why it was refused. */
public record DeadLetter(
    DeadLetterReason reason,
    String message,
    String topic,
    int partition,
    long offset,
    String key,
    String valueBase64,
    long timestamp) {}
