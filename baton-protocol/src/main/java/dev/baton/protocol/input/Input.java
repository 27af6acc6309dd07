package dev.baton.protocol.input;

/** Everything the engine takes: workflow commands and task results, each for one instance. */
public sealed interface Input permits Command, TaskResult {

  String instanceId();

  /** The wire name of this input's type, as rejections report it. */
  String wireType();
}
