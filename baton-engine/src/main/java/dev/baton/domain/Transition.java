package dev.baton.domain;

import dev.baton.protocol.WorkflowStatus;

/** One step of an instance's lifecycle history. */
public record Transition(WorkflowStatus from, WorkflowStatus to, LifecycleCause cause, long at) {}
