package dev.baton.protocol;

/** The six topics of the contract; each name is configurable. */
public record TopicNames(
    String commands,
    String taskResults,
    String taskDispatch,
    String status,
    String metrics,
    String deadLetter) {

  public static final TopicNames DEFAULTS =
      new TopicNames(
          "baton.commands",
          "baton.task-results",
          "baton.task-dispatch",
          "baton.status",
          "baton.metrics",
          "baton.dead-letter");
}
