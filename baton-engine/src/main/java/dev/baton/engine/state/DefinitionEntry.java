package dev.baton.engine.state;

import dev.baton.protocol.definition.WorkflowDefinition;

/** The definition an instance was created from, as read: what {@code GET /workflows/{id}} shows. */
public record DefinitionEntry(WorkflowDefinition definition) implements StoredEntry {}
