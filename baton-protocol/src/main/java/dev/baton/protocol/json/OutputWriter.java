package dev.baton.protocol.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.baton.protocol.definition.Plan;
import dev.baton.protocol.definition.RetryBackoff;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.CommandRejected;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.event.TaskCancelled;
import dev.baton.protocol.event.TaskCompleted;
import dev.baton.protocol.event.TaskDispatched;
import dev.baton.protocol.event.TaskFailed;
import dev.baton.protocol.event.TaskTimedOut;
import dev.baton.protocol.event.WorkflowCancelled;
import dev.baton.protocol.event.WorkflowCreated;
import dev.baton.protocol.event.WorkflowFailed;
import dev.baton.protocol.event.WorkflowRetried;
import dev.baton.protocol.output.DeadLetter;
import dev.baton.protocol.output.DefinitionMetrics;
import dev.baton.protocol.output.TaskDispatch;
import dev.baton.protocol.output.WorkflowMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes the contract's output records as JSON, field by field, in the contract's names. */
public final class OutputWriter {

  private OutputWriter() {}

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] statusEvent(StatusEvent e) {
    return json(
        g -> {
          Event event = e.event();
          g.writeStringField("type", event.type().name());
          g.writeStringField("instanceId", e.instanceId());
          if (e.workflowId() != null) {
            g.writeStringField("workflowId", e.workflowId());
          }
          g.writeNumberField("seq", e.seq());
          g.writeNumberField("timestamp", e.timestamp());
          if (e.status() != null) {
            g.writeStringField("status", e.status().name());
            g.writeNumberField("progress", e.progress());
          }
          if (e.commandId() != null) {
            g.writeStringField("commandId", e.commandId());
          }
          writeEventFields(g, event);
        });
  }

  private static void writeEventFields(JsonGenerator g, Event event) throws IOException {
    switch (event.type()) {
      case WorkflowCreated -> {
        g.writeFieldName("plan");
        writePlan(g, ((WorkflowCreated) event).analysis().plan());
      }
      case WorkflowFailed -> g.writeStringField("error", ((WorkflowFailed) event).error());
      case WorkflowCancelled -> g.writeStringField("reason", ((WorkflowCancelled) event).reason());
      case TaskDispatched ->
          task(g, ((TaskDispatched) event).taskId(), ((TaskDispatched) event).attempt());
      case TaskCompleted -> {
        TaskCompleted completed = (TaskCompleted) event;
        task(g, completed.taskId(), completed.attempt());
        if (completed.outputJson() != null) {
          g.writeFieldName("output");
          g.writeRawValue(completed.outputJson());
        }
      }
      case WorkflowRetried ->
          stringArray(g, "retriedTasks", ((WorkflowRetried) event).retriedTasks());
      case TaskCancelled ->
          task(g, ((TaskCancelled) event).taskId(), ((TaskCancelled) event).attempt());
      case TaskFailed -> {
        TaskFailed failed = (TaskFailed) event;
        task(g, failed.taskId(), failed.attempt());
        g.writeStringField("error", failed.error());
        g.writeBooleanField("willRetry", failed.willRetry());
        if (failed.willRetry()) {
          g.writeNumberField("retryAt", failed.retryAt());
        }
      }
      case TaskTimedOut -> {
        TaskTimedOut timedOut = (TaskTimedOut) event;
        task(g, timedOut.taskId(), timedOut.attempt());
        g.writeStringField("error", timedOut.error());
        g.writeBooleanField("willRetry", timedOut.willRetry());
        if (timedOut.willRetry()) {
          g.writeNumberField("retryAt", timedOut.retryAt());
        }
      }
      case CommandRejected -> {
        CommandRejected rejected = (CommandRejected) event;
        g.writeStringField("command", rejected.command());
        g.writeStringField("reason", rejected.reason().name());
        g.writeStringField("message", rejected.message());
      }
      default -> {}
    }
  }

  private static void task(JsonGenerator g, String taskId, int attempt) throws IOException {
    g.writeStringField("taskId", taskId);
    g.writeNumberField("attempt", attempt);
  }

  public static void writePlan(JsonGenerator g, Plan plan) throws IOException {
    g.writeStartObject();
    stringArray(g, "executionOrder", plan.executionOrder());
    g.writeArrayFieldStart("parallelGroups");
    for (List<String> group : plan.parallelGroups()) {
      g.writeStartArray();
      for (String id : group) {
        g.writeString(id);
      }
      g.writeEndArray();
    }
    g.writeEndArray();
    stringArray(g, "criticalPath", plan.criticalPath());
    g.writeNumberField("estimatedTotalTimeMs", plan.estimatedTotalTimeMs());
    g.writeEndObject();
  }

  public static byte[] plan(Plan plan) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      writePlan(g, plan);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void stringArray(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  /** A definition in the contract's shape, every field written (defaults included). */
  public static byte[] definition(WorkflowDefinition d) {
    return json(
        g -> {
          g.writeStringField("id", d.id());
          g.writeStringField("name", d.name());
          nullableString(g, "description", d.description());
          g.writeArrayFieldStart("tasks");
          for (TaskDefinition t : d.tasks()) {
            g.writeStartObject();
            g.writeStringField("id", t.id());
            g.writeStringField("name", t.name());
            g.writeNumberField("estimatedDurationMs", t.estimatedDurationMs());
            stringArray(g, "dependencies", t.dependencies());
            stringArray(g, "resources", t.resources());
            g.writeNumberField("priority", t.priority());
            if (t.maxRetries() == null) {
              g.writeNullField("maxRetries");
            } else {
              g.writeNumberField("maxRetries", t.maxRetries());
            }
            nullableLong(g, "timeoutMs", t.timeoutMs());
            g.writeFieldName("retryBackoff");
            RetryBackoff b = t.retryBackoff();
            if (b == null) {
              g.writeNull();
            } else {
              g.writeStartObject();
              g.writeNumberField("initialMs", b.initialMs());
              g.writeNumberField("multiplier", b.multiplier());
              nullableLong(g, "maxMs", b.maxMs());
              g.writeEndObject();
            }
            g.writeFieldName("input");
            if (t.inputJson() == null) {
              g.writeNull();
            } else {
              g.writeRawValue(t.inputJson());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeNumberField("maxRetries", d.maxRetries());
          nullableLong(g, "timeoutMs", d.timeoutMs());
          g.writeBooleanField("allowParallel", d.allowParallel());
          g.writeStringField("scheduling", d.scheduling().name());
        });
  }

  private static void nullableLong(JsonGenerator g, String field, Long value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, value);
    }
  }

  private static void nullableString(JsonGenerator g, String field, String value)
      throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  public static byte[] dispatch(TaskDispatch d) {
    return json(
        g -> {
          g.writeStringField("type", "TaskDispatched");
          g.writeStringField("instanceId", d.instanceId());
          g.writeStringField("workflowId", d.workflowId());
          g.writeStringField("taskId", d.taskId());
          g.writeStringField("name", d.name());
          g.writeNumberField("attempt", d.attempt());
          g.writeFieldName("input");
          if (d.inputJson() == null) {
            g.writeNull();
          } else {
            g.writeRawValue(d.inputJson());
          }
          if (d.timeoutMs() == null) {
            g.writeNullField("timeoutMs");
          } else {
            g.writeNumberField("timeoutMs", d.timeoutMs());
          }
          g.writeNumberField("dispatchedAt", d.dispatchedAt());
        });
  }

  public static byte[] metrics(WorkflowMetrics m) {
    return json(
        g -> {
          g.writeStringField("type", "WorkflowMetrics");
          g.writeStringField("instanceId", m.instanceId());
          g.writeStringField("workflowId", m.workflowId());
          g.writeStringField("status", m.status().name());
          g.writeNumberField("totalTasks", m.totalTasks());
          g.writeNumberField("completedTasks", m.completedTasks());
          g.writeNumberField("failedTasks", m.failedTasks());
          g.writeNumberField("runningTasks", m.runningTasks());
          g.writeNumberField("pendingTasks", m.pendingTasks());
          g.writeNumberField("retries", m.retries());
          g.writeNumberField("successRate", m.successRate());
          g.writeNumberField("progress", m.progress());
          g.writeNumberField("estimatedTimeRemainingMs", m.estimatedTimeRemainingMs());
          if (m.actualDurationMs() == null) {
            g.writeNullField("actualDurationMs");
          } else {
            g.writeNumberField("actualDurationMs", m.actualDurationMs());
          }
          stringArray(g, "criticalPath", m.criticalPath());
          g.writeNumberField("timestamp", m.timestamp());
        });
  }

  public static byte[] definitionMetrics(DefinitionMetrics m) {
    return json(
        g -> {
          g.writeStringField("type", "DefinitionMetrics");
          g.writeStringField("workflowId", m.workflowId());
          g.writeNumberField("windowStart", m.windowStart());
          g.writeNumberField("windowEnd", m.windowEnd());
          g.writeNumberField("started", m.started());
          g.writeNumberField("completed", m.completed());
          g.writeNumberField("failed", m.failed());
          g.writeNumberField("cancelled", m.cancelled());
          g.writeNumberField("running", m.running());
          g.writeNumberField("taskAttempts", m.taskAttempts());
          g.writeNumberField("taskFailures", m.taskFailures());
          nullableLong(g, "workflowDurationMsP50", m.workflowDurationMsP50());
          nullableLong(g, "workflowDurationMsP95", m.workflowDurationMsP95());
          g.writeNumberField("timestamp", m.timestamp());
        });
  }

  public static byte[] deadLetter(DeadLetter d) {
    return json(
        g -> {
          g.writeStringField("type", "DeadLetter");
          g.writeStringField("reason", d.reason().name());
          g.writeStringField("message", d.message());
          g.writeStringField("topic", d.topic());
          g.writeNumberField("partition", d.partition());
          g.writeNumberField("offset", d.offset());
          if (d.key() == null) {
            g.writeNullField("key");
          } else {
            g.writeStringField("key", d.key());
          }
          if (d.keyTruncated()) {
            g.writeBooleanField("keyTruncated", true);
          }
          if (d.valueBase64() == null) {
            g.writeNullField("valueBase64");
          } else {
            g.writeStringField("valueBase64", d.valueBase64());
            g.writeNumberField("valueBytes", d.valueBytes());
            g.writeBooleanField("valueTruncated", d.valueTruncated());
          }
          g.writeNumberField("timestamp", d.timestamp());
        });
  }
}
