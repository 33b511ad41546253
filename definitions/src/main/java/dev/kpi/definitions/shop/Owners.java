package dev.kpi.definitions.shop;

/** Who answers questions about the shop's definitions. */
final class Owners {
  /** The data platform team: the lake, the warehouse and how KPIs are computed. */
  static final String DATA_PLATFORM = "data-platform";

  /** The analysts who own the business meaning of the KPIs. */
  static final String ANALYTICS = "analytics";

  private Owners() {}
}
