package dev.baton.engine.state;

/** A secondary-index entry pointing at a task; its key carries the ordering. */
public record IndexEntry(String taskId) implements StoredEntry {}
