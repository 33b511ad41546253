package dev.kpi.model.summary;

/** A period a day's KPIs are compared with. */
public enum Comparison {
  PREVIOUS_DAY(1, "前日比", "vs previous day"),
  SAME_WEEKDAY_LAST_WEEK(7, "前週同曜日比", "vs same weekday last week");

  private final int daysBefore;
  private final String japaneseLabel;
  private final String englishLabel;

  Comparison(int daysBefore, String japaneseLabel, String englishLabel) {
    this.daysBefore = daysBefore;
    this.japaneseLabel = japaneseLabel;
    this.englishLabel = englishLabel;
  }

  /** How many days before the summarised date the compared date is. */
  public int daysBefore() {
    return daysBefore;
  }

  public String japaneseLabel() {
    return japaneseLabel;
  }

  public String englishLabel() {
    return englishLabel;
  }
}
