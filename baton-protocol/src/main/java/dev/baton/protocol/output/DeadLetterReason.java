package dev.baton.protocol.output;

/** Why an input record could not be processed at all; checked in this order. */
public enum DeadLetterReason {
  MISSING_KEY,
  TOO_LARGE,
  MALFORMED_JSON,
  UNKNOWN_TYPE,
  INVALID_FIELD,
  KEY_MISMATCH,
  /** Not an input problem: the engine threw on this record. Kept so nothing is lost. */
  PROCESSING_ERROR
}
