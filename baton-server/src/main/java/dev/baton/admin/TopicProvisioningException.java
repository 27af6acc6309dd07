package dev.baton.admin;

/** Some topics could not be created; {@link #report()} tells which ones were fine. */
public class TopicProvisioningException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ProvisionReport report;

  public TopicProvisioningException(final String message, final ProvisionReport report) {
    super(message);
    this.report = report;
  }

  public TopicProvisioningException(
      final String message, final ProvisionReport report, final Throwable cause) {
    super(message, cause);
    this.report = report;
  }

  /** The topics created or found before the failure was known. */
  public ProvisionReport report() {
    return report;
  }
}
