package dev.baton.domain;

/** One step of an instance's lifecycle history. */
public record Transition(WorkflowStatus from, WorkflowStatus to, LifecycleCause cause, long at) {}
