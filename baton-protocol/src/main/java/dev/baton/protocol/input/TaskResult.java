package dev.baton.protocol.input;

/** A worker's report on one attempt of one task. */
public sealed interface TaskResult extends Input permits CompleteTask, FailTask {

  String taskId();

  int attempt();
}
