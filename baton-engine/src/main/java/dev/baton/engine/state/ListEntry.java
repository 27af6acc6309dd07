package dev.baton.engine.state;

/**
 * A mark in one of the list indexes (newest created first, by status, by definition): the key says
 * everything, the instance header holds the rest.
 */
public record ListEntry() implements StoredEntry {

  public static final ListEntry MARK = new ListEntry();
}
