package dev.baton.engine.state;

/**
 * The stores failed, not the engine: the unit of work is not to be dropped as a defect of one input
 * or timer (a dead letter, a timer taken out), but retried by its host, which knows how. Thrown by
 * the store adapters around whatever their store threw.
 */
public final class StoreFailure extends RuntimeException {

  public StoreFailure(RuntimeException cause) {
    super(cause.getMessage(), cause);
  }

  /** What the store threw. */
  @Override
  public synchronized RuntimeException getCause() {
    return (RuntimeException) super.getCause();
  }
}
