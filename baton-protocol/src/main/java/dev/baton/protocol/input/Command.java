package dev.baton.protocol.input;

/** A workflow command; {@code commandId} (optional) makes a resend a recognisable duplicate. */
public sealed interface Command extends Input
    permits CreateWorkflow,
        StartWorkflow,
        PauseWorkflow,
        ResumeWorkflow,
        CancelWorkflow,
        RetryWorkflow {

  String commandId();
}
