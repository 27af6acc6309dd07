package dev.baton.server;

/** A request that cannot be answered: its HTTP status (400 unless said), code and message. */
final class ApiError extends RuntimeException {

  private final String code;
  private final int status;

  ApiError(String code, String message) {
    this(400, code, message);
  }

  ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
  }

  String code() {
    return code;
  }

  int status() {
    return status;
  }
}
