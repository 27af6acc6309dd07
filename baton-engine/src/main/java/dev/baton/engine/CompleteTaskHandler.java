package dev.baton.engine;

import dev.baton.engine.state.AttemptOutcome;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.Texts;
import dev.baton.protocol.event.TaskCompleted;
import dev.baton.protocol.input.CompleteTask;

/**
 * Records a completion (also while paused), with the worker's output as kept, and releases whatever
 * it unblocked.
 */
final class CompleteTaskHandler implements InputHandler<CompleteTask> {

  private final Scheduler scheduler;
  private final int maxOutputBytes;

  CompleteTaskHandler(Scheduler scheduler, int maxOutputBytes) {
    this.scheduler = scheduler;
    this.maxOutputBytes = maxOutputBytes;
  }

  @Override
  public void handle(CompleteTask result, Context ctx) {
    TaskState task = ResultGuard.admit(result, AttemptOutcome.COMPLETED, ctx);
    if (task != null) {
      ctx.append(
          result.instanceId(),
          new TaskCompleted(task.taskId, result.attempt(), kept(result.outputJson())));
      scheduler.advance(ctx, ctx.instance(result.instanceId()));
    }
  }

  /** The output as the task keeps it: as sent, or a marker with its size when it is too large. */
  String kept(String outputJson) {
    if (outputJson == null) {
      return null;
    }
    long bytes = Texts.utf8Bytes(outputJson);
    return bytes <= maxOutputBytes ? outputJson : "{\"truncated\":true,\"bytes\":" + bytes + "}";
  }
}
