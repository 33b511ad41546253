package dev.kpi.runtime.report;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.mart.Mart;
import dev.kpi.runtime.KpiException;
import dev.kpi.sql.dialect.DuckDbDialect;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The headline KPIs of a business date beside the previous day and the same weekday a week
 * before, read back from the daily marts that have no dimensions.
 */
public final class DailyKpis {
  private final LocalDate date;
  private final List<MartValues> marts;

  private DailyKpis(LocalDate date, List<MartValues> marts) {
    this.date = date;
    this.marts = marts;
  }

  /** A mart's metric values. */
  public static final class MartValues {
    private final Mart mart;
    private final List<MetricValues> metrics;

    MartValues(Mart mart, List<MetricValues> metrics) {
      this.mart = mart;
      this.metrics = metrics;
    }

    public Mart mart() {
      return mart;
    }

    public List<MetricValues> metrics() {
      return metrics;
    }
  }

  public LocalDate date() {
    return date;
  }

  public LocalDate previousDay() {
    return date.minusDays(1);
  }

  public LocalDate sameWeekdayLastWeek() {
    return date.minusDays(7);
  }

  public List<MartValues> marts() {
    return marts;
  }

  /** Reads the KPIs of {@code date} (and its comparison dates) from the embedded warehouse. */
  public static DailyKpis read(Connection connection, Catalog catalog, LocalDate date) {
    DuckDbDialect dialect = DuckDbDialect.standard();
    List<MartValues> marts = new ArrayList<>();
    for (Mart mart : catalog.marts()) {
      if (mart.grain() != Grain.DAY || !mart.dimensions().isEmpty()) {
        continue;
      }
      String table = dialect.tableName(TableRef.of(Layer.MART, mart.name()));
      Map<String, Map<LocalDate, Optional<BigDecimal>>> byMetric = new HashMap<>();
      mart.metrics().forEach(m -> byMetric.put(m, new HashMap<>()));
      String sql = "SELECT * FROM " + table + " WHERE " + dialect.identifier(Grain.DAY.dateColumn()) + " IN (?, ?, ?)";
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setObject(1, date);
        statement.setObject(2, date.minusDays(1));
        statement.setObject(3, date.minusDays(7));
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            LocalDate rowDate = rows.getObject(Grain.DAY.dateColumn(), LocalDate.class);
            for (String metric : mart.metrics()) {
              Object value = rows.getObject(metric);
              byMetric.get(metric).put(rowDate, Optional.ofNullable(value == null ? null : new BigDecimal(value.toString())));
            }
          }
        }
      } catch (SQLException e) {
        throw new KpiException(
            "cannot read mart " + mart.name() + " for " + date + ": " + e.getMessage() + "; build it first with: kpi run --date " + date, e);
      }
      List<MetricValues> metrics = new ArrayList<>();
      for (String metric : mart.metrics()) {
        metrics.add(new MetricValues(catalog.metric(metric), byMetric.get(metric)));
      }
      marts.add(new MartValues(mart, metrics));
    }
    if (marts.isEmpty()) {
      throw new KpiException("the catalog has no daily mart without dimensions to show KPIs from; add one to the catalog");
    }
    return new DailyKpis(date, marts);
  }

  /** Whether the date itself is in every mart. */
  public boolean isBuilt() {
    return marts.stream().allMatch(m -> m.metrics().isEmpty() || m.metrics().get(0).isBuilt(date));
  }
}
