package dev.kpi.model.mart;

/** The period one row of a mart covers, made of business dates in the catalog's time zone. */
public enum Grain {
  DAY("business_date"),
  /** Monday to Sunday. */
  WEEK("week_start"),
  MONTH("month_start");

  private final String dateColumn;

  Grain(String dateColumn) {
    this.dateColumn = dateColumn;
  }

  /** The name of the mart's DATE column: the first business date of the period. */
  public String dateColumn() {
    return dateColumn;
  }
}
