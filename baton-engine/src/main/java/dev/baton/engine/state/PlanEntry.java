package dev.baton.engine.state;

import dev.baton.protocol.definition.Plan;

/** The plan of an instance, kept for queries; no event needs to read it. */
public record PlanEntry(Plan plan) implements StoredEntry {}
