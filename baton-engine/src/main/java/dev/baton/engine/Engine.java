package dev.baton.engine;

import dev.baton.domain.Planner;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.StoreFailure;
import dev.baton.engine.state.TaskState;
import dev.baton.engine.state.TimerEntry;
import dev.baton.engine.state.TimerKind;
import dev.baton.engine.state.WorkflowStore;
import dev.baton.protocol.input.CancelWorkflow;
import dev.baton.protocol.input.Command;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.input.CreateWorkflow;
import dev.baton.protocol.input.FailTask;
import dev.baton.protocol.input.Input;
import dev.baton.protocol.input.PauseWorkflow;
import dev.baton.protocol.input.ResumeWorkflow;
import dev.baton.protocol.input.RetryWorkflow;
import dev.baton.protocol.input.StartWorkflow;
import dev.baton.protocol.input.TaskResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine: takes one input at a time, routes it to its handler, and returns what it produced.
 * All state is in the {@link WorkflowStore} it is given; time is what the caller says it is.
 */
public final class Engine {

  /** How far the timer watermark must move before it is written again. */
  private static final long WATERMARK_STEP_MS = 1_000;

  private final WorkflowStore state;
  private final EventApplier applier;
  private final MetricsCalculator metrics;
  private final Map<Class<? extends Input>, InputHandler<? extends Input>> handlers =
      new HashMap<>();
  private final Map<TimerKind, TimerHandler> timerHandlers = new EnumMap<>(TimerKind.class);

  public Engine(WorkflowStore state, EngineConfig config) {
    this.state = state;
    this.applier =
        new EventApplier(state, config.criticalPathLimit(), config.retentionFinishedMs());
    this.metrics = new MetricsCalculator(state);
    Scheduler scheduler = new Scheduler();
    register(
        CreateWorkflow.class,
        new CreateWorkflowHandler(
            new Planner(config.maxTasks()), scheduler, config.maxOutputRecordBytes()));
    register(StartWorkflow.class, new StartWorkflowHandler(scheduler));
    register(PauseWorkflow.class, new PauseWorkflowHandler());
    register(ResumeWorkflow.class, new ResumeWorkflowHandler(scheduler));
    register(CancelWorkflow.class, new CancelWorkflowHandler(scheduler));
    register(RetryWorkflow.class, new RetryWorkflowHandler(scheduler));
    register(CompleteTask.class, new CompleteTaskHandler(scheduler, config.maxTaskOutputBytes()));
    register(FailTask.class, new FailTaskHandler(scheduler));
    timerHandlers.put(TimerKind.TASK_TIMEOUT, new TaskTimeoutHandler(scheduler));
    timerHandlers.put(TimerKind.RETRY, new RetryDueHandler(scheduler));
    timerHandlers.put(TimerKind.WORKFLOW_TIMEOUT, new WorkflowTimeoutHandler(scheduler));
    timerHandlers.put(TimerKind.RETENTION, new RetentionHandler());
  }

  private <T extends Input> void register(Class<T> type, InputHandler<T> handler) {
    handlers.put(type, handler);
  }

  /** Processes one input at time {@code now} (epoch ms, from the input record). */
  public ProcessingResult process(Input input, long now) {
    try {
      if (isSeenCommand(input)) {
        return ProcessingResult.ignored();
      }
      Context ctx =
          new Context(
              state, applier, now, input instanceof Command command ? command.commandId() : null);
      handlerFor(input).handle(input, ctx);
      if (input instanceof Command command
          && command.commandId() != null
          && state.instance(input.instanceId()) != null) {
        state.markCommandSeen(input.instanceId(), command.commandId(), now);
      }
      ProcessingResult result =
          ctx.result(ctx.changed() ? metrics.snapshot(input.instanceId(), now) : null);
      state.flush();
      return result;
    } finally {
      state.discard();
    }
  }

  /**
   * Fires the earliest timer due at {@code now}, as its own unit of work, or returns empty when
   * none is due. Callers loop while they have time to spare, so a burst of timers is spread over
   * several calls instead of stalling the inputs behind it.
   */
  public Optional<ProcessingResult> fireNextTimer(long now) {
    return fireNextTimer(now, now);
  }

  /**
   * As {@link #fireNextTimer(long)}, for a timer due at or before {@code dueBy}, handled at {@code
   * now}: a check that proved no earlier input waits may run later than it was made, and what the
   * timer does (a retry's dispatch, its deadline) counts from when it is done.
   */
  public Optional<ProcessingResult> fireNextTimer(long dueBy, long now) {
    try {
      Map.Entry<String, TimerEntry> due = state.nextDueTimer(dueBy);
      if (due == null) {
        state.noTimersDueBefore(dueBy, WATERMARK_STEP_MS);
        state.flush();
        return Optional.empty();
      }
      state.timerFired(due.getKey(), due.getValue());
      return Optional.of(fire(due.getKey(), due.getValue(), Math.max(now, dueBy)));
    } finally {
      state.discard();
    }
  }

  /** Whether a timer is due at {@code now}: a seek in the timer index, between units of work. */
  public boolean hasTimerDue(long now) {
    try {
      return state.nextDueTimer(now) != null;
    } finally {
      state.discard();
    }
  }

  /**
   * Fires, ahead of the scans, the timers of {@code input}'s instance that were due before it: the
   * workflow's timeout and, for a task result, that task's timer. So a result that comes after its
   * attempt timed out finds it timed out, however busy the timer scans are.
   */
  public void fireTimersDueBefore(Input input, long now, Consumer<ProcessingResult> sink) {
    fireTimersDueBefore(input, now, now, sink);
  }

  /** As above, for timers due before {@code dueBy} (when the input was written), at {@code now}. */
  public void fireTimersDueBefore(
      Input input, long dueBy, long now, Consumer<ProcessingResult> sink) {
    try {
      InstanceState instance = state.instance(input.instanceId());
      if (instance == null) {
        return;
      }
      List<String> keys = new ArrayList<>(2);
      if (input instanceof TaskResult result) {
        TaskState task = state.task(input.instanceId(), result.taskId());
        if (task != null && task.timerKey != null) {
          keys.add(task.timerKey);
        }
      }
      if (instance.timerKey != null) {
        keys.add(instance.timerKey);
      }
      keys.sort(null);
      state.release(); // only read: the header stays decoded for the input itself
      for (String key : keys) {
        TimerEntry timer = state.dueOf(key) <= dueBy ? state.timer(key) : null;
        if (timer != null) {
          state.timerFiredEarly(key);
          sink.accept(fire(key, timer, Math.max(now, dueBy)));
        }
        state.discard();
      }
    } finally {
      state.discard();
    }
  }

  /** Runs a timer's handler as one unit of work; the timer is already taken out of the index. */
  private ProcessingResult fire(String key, TimerEntry timer, long now) {
    Context ctx = new Context(state, applier, now, null);
    try {
      timerHandlers.get(timer.kind()).handle(timer, ctx);
    } catch (StoreFailure e) {
      throw e; // not this timer's fault: it stays, and fires when the stores work again
    } catch (RuntimeException e) {
      // Take the timer out anyway, or it would fire, and fail, forever.
      state.discard();
      state.timerFiredEarly(key);
      state.flush();
      throw new TimerFailedException(timer, e);
    }
    ProcessingResult result =
        ctx.result(
            ctx.changed() && state.instance(timer.instanceId()) != null
                ? metrics.snapshot(timer.instanceId(), now)
                : null);
    state.flush();
    return result.firedBy(timer);
  }

  private boolean isSeenCommand(Input input) {
    return input instanceof Command command
        && command.commandId() != null
        && state.instance(input.instanceId()) != null
        && state.hasSeenCommand(input.instanceId(), command.commandId());
  }

  @SuppressWarnings("unchecked")
  private <T extends Input> InputHandler<T> handlerFor(T input) {
    InputHandler<T> handler = (InputHandler<T>) handlers.get(input.getClass());
    if (handler == null) {
      throw new IllegalArgumentException("No handler for " + input.getClass().getSimpleName());
    }
    return handler;
  }

  /** Read-only questions about instances, on the same state. */
  public WorkflowQueries queries() {
    return new WorkflowQueries(state, metrics);
  }
}
