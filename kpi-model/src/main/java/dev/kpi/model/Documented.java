package dev.kpi.model;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * Metadata every catalog object carries, so that the warehouse's own catalog, the golden SQL
 * and the Slack summary can explain each term. Catalog validation reports a missing
 * description or owner with the object's name.
 */
public interface Documented {

  /** What the object means, in a sentence an analyst who never saw the code understands. */
  @Value.Default
  default String description() {
    return "";
  }

  /** Who answers questions about it: a team or a person. */
  @Value.Default
  default String owner() {
    return "";
  }

  /** The name shown to people (dashboards, Slack); the object's name when absent. */
  Optional<String> displayName();

  /** What its values measure, for objects that hold numbers. */
  Optional<Unit> unit();
}
