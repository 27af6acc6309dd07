package dev.baton.engine.state;

/** Marks a commandId an instance has already received. */
public record CommandSeen(long at) implements StoredEntry {}
