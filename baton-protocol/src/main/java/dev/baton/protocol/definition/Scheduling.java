package dev.baton.protocol.definition;

/**
 * How ready tasks are released: a whole parallel group at a time, or each as soon as it can run.
 */
public enum Scheduling {
  GROUPS,
  EAGER
}
