package dev.baton.admin;

import java.util.List;
import java.util.Objects;

/**
 * What {@link TopicProvisioner#createAll} did.
 *
 * @param created topics created by this call, in the order of the specs
 * @param existing topics that already existed and were left untouched
 */
public record ProvisionReport(List<String> created, List<String> existing) {

  public ProvisionReport {
    created = List.copyOf(Objects.requireNonNull(created, "created"));
    existing = List.copyOf(Objects.requireNonNull(existing, "existing"));
  }

  /** One line for people, e.g. {@code created 2 topics (a, b); 1 already existed (c)}. */
  public String summary() {
    return "created "
        + created.size()
        + (created.size() == 1 ? " topic" : " topics")
        + (created.isEmpty() ? "" : " (" + String.join(", ", created) + ")")
        + "; "
        + existing.size()
        + " already existed"
        + (existing.isEmpty() ? "" : " (" + String.join(", ", existing) + ")");
  }
}
