package dev.kpi.runtime.dashboard;

import dev.kpi.model.Unit;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.summary.Comparison;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the dashboard of a date shows, read from the marts ({@link DashboardReader}) before a page
 * is written ({@link DashboardPage}): every value as the mart row holds it, each marked when its
 * row is not current, and every warning of the reads.
 */
public record Dashboard(
    String title,
    String subtitle,
    LocalDate date,
    int days,
    String timeZone,
    List<Card> cards,
    Trends trends,
    Optional<Breakdown> breakdown,
    List<PeriodTable> periods,
    List<String> notices) {

  public Dashboard {
    cards = List.copyOf(cards);
    periods = List.copyOf(periods);
    notices = List.copyOf(notices);
  }

  /** A metric as the page names it. */
  public record Column(String metric, String label, Optional<Unit> unit) {}

  /** A mart value: empty for NULL or a date no build wrote; {@code status} is the row's (MartFreshness' label). */
  public record Value(Optional<BigDecimal> value, String status) {
    public boolean current() {
      return status.equals(DashboardReader.CURRENT);
    }
  }

  /** A headline KPI of the summary: the date's value against the compared dates, the last days, the month so far. */
  public record Card(Column metric, Value value, List<Compared> compared, List<Optional<BigDecimal>> lastDays, Optional<BigDecimal> monthToDate, String monthToDateNote) {
    public Card {
      compared = List.copyOf(compared);
      lastDays = List.copyOf(lastDays);
    }
  }

  /** A compared date's value and the change from it to the date's, as a fraction. */
  public record Compared(Comparison comparison, Value base, Optional<BigDecimal> change) {}

  /** The summary's daily mart over the last days: a series per metric, a status per date. */
  public record Trends(String mart, List<LocalDate> dates, List<String> statuses, List<Series> series) {
    public Trends {
      dates = List.copyOf(dates);
      statuses = List.copyOf(statuses);
      series = List.copyOf(series);
    }
  }

  public record Series(Column metric, List<Optional<BigDecimal>> values) {
    public Series {
      values = List.copyOf(values);
    }
  }

  /** The date's rows of the summary's breakdown mart: the top values of the dimension, and the sum of the rest where it may be added. */
  public record Breakdown(String mart, String dimensionLabel, List<Column> columns, List<Row> top, Optional<Row> rest, int restCount) {
    public Breakdown {
      columns = List.copyOf(columns);
      top = List.copyOf(top);
    }
  }

  public record Row(String label, List<Optional<BigDecimal>> values, String status) {
    public Row {
      values = List.copyOf(values);
    }
  }

  /**
   * A weekly or monthly mart's last periods up to the date, as built, each with its status;
   * {@code recounted}: some of its metrics are recounted per period, not sums of days.
   */
  public record PeriodTable(String mart, Grain grain, List<Column> columns, List<PeriodRow> rows, boolean recounted) {
    public PeriodTable {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }
  }

  public record PeriodRow(LocalDate period, List<Optional<BigDecimal>> values, String status) {
    public PeriodRow {
      values = List.copyOf(values);
    }
  }
}
