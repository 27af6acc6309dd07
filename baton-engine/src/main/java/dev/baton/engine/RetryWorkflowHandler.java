package dev.baton.engine;

import dev.baton.domain.LifecycleCause;
import dev.baton.engine.state.InstanceState;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.event.WorkflowRetried;
import dev.baton.protocol.input.RetryWorkflow;
import java.util.Comparator;
import java.util.List;

/**
 * Redrives a FAILED instance from its point of failure: the tasks that failed, or were cancelled
 * when the workflow failed, get fresh attempts; completed tasks stay completed; what is ready is
 * dispatched. A retry reads every task once, as creation does: it is rare, and the task list is
 * what it acts on.
 */
final class RetryWorkflowHandler implements InputHandler<RetryWorkflow> {

  private final Scheduler scheduler;

  RetryWorkflowHandler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void handle(RetryWorkflow command, Context ctx) {
    InstanceState instance = LifecycleGuard.admit(command, LifecycleCause.RETRY, ctx);
    if (instance == null) {
      return;
    }
    List<String> retried =
        ctx.state.tasks(instance.instanceId).stream()
            .filter(t -> t.status == TaskStatus.FAILED || t.status == TaskStatus.CANCELLED)
            .sorted(Comparator.comparingInt(t -> t.orderIndex))
            .map(t -> t.taskId)
            .toList();
    ctx.append(instance.instanceId, new WorkflowRetried(retried));
    scheduler.advance(ctx, instance);
  }
}
