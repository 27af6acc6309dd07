package dev.baton.protocol.output;

/** The record a worker receives for one attempt of one task. @param inputJson raw JSON or null */
public record TaskDispatch(
    String instanceId,
    String workflowId,
    String taskId,
    String name,
    int attempt,
    String inputJson,
    Long timeoutMs,
    long dispatchedAt) {}
