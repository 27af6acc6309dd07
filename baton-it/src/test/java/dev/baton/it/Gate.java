package dev.baton.it;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds task handlers until a test opens it, and tells the test when one arrived. */
public final class Gate {

  private final CountDownLatch arrived = new CountDownLatch(1);
  private final CountDownLatch open = new CountDownLatch(1);

  /** Called by a handler: waits (interruptibly) until the gate opens. */
  public void pass() throws InterruptedException {
    arrived.countDown();
    if (!open.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The test never opened the gate");
    }
  }

  public void awaitArrival() throws InterruptedException {
    if (!arrived.await(TopicReader.WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("No task reached the gate within " + TopicReader.WAIT);
    }
  }

  public void open() {
    open.countDown();
  }
}
