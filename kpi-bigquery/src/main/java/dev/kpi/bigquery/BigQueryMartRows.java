package dev.kpi.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import dev.kpi.model.mart.Grain;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.report.MartRows;
import dev.kpi.runtime.warehouse.BuiltDate;
import dev.kpi.sql.plan.Layer;
import dev.kpi.sql.plan.TableRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Mart rows from BigQuery; what is built, and by which definition, from kpi's ledger there. */
public final class BigQueryMartRows implements MartRows {
  private final BigQuery bigQuery;
  private final BigQuerySettings settings;
  private final BigQueryLedger ledger;
  /** Read once: a summary asks for several marts and dates. */
  private Map<String, Map<LocalDate, BuiltDate>> built;

  public BigQueryMartRows(BigQuery bigQuery, BigQuerySettings settings) {
    this.bigQuery = bigQuery;
    this.settings = settings;
    this.ledger = new BigQueryLedger(bigQuery, settings);
  }

  @Override
  public Map<LocalDate, List<Map<String, Object>>> rows(String mart, Collection<LocalDate> dates) {
    String table = settings.dialect().tableName(TableRef.of(Layer.MART, mart));
    String date = settings.dialect().identifier(Grain.DAY.dateColumn());
    List<String> days = new ArrayList<>();
    dates.forEach(d -> days.add(d.toString()));
    QueryJobConfiguration query =
        settings.query("SELECT * FROM " + table + " WHERE " + date + " IN UNNEST(@dates)")
            .addNamedParameter("dates", QueryParameterValue.array(days.toArray(new String[0]), StandardSQLTypeName.DATE))
            .setLabels(settings.readLabels(mart))
            .build();
    Map<LocalDate, List<Map<String, Object>>> out = new HashMap<>();
    try {
      TableResult result = bigQuery.query(query);
      List<Field> fields = result.getSchema().getFields();
      for (FieldValueList values : result.iterateAll()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Field field : fields) {
          FieldValue value = values.get(field.getName());
          row.put(field.getName(), value.isNull() ? null : convert(field, value));
        }
        out.computeIfAbsent(LocalDate.parse(String.valueOf(row.get(Grain.DAY.dateColumn()))), d -> new ArrayList<>()).add(row);
      }
    } catch (BigQueryException e) {
      throw new KpiException("cannot read mart " + mart + " from BigQuery: " + BigQueryJobs.message(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KpiException("interrupted while reading mart " + mart, e);
    }
    return out;
  }

  private static Object convert(Field field, FieldValue value) {
    StandardSQLTypeName type = field.getType().getStandardType();
    switch (type) {
      case INT64:
      case NUMERIC:
      case BIGNUMERIC:
      case FLOAT64:
        return new BigDecimal(value.getStringValue());
      default:
        return value.getStringValue();
    }
  }

  @Override
  public Optional<String> builtBy(String mart, LocalDate date) {
    return entry(mart, date).map(BuiltDate::fingerprint);
  }

  @Override
  public List<String> lakeWarnings(String mart, LocalDate date) {
    return entry(mart, date).map(BuiltDate::lakeWarnings).orElse(List.of());
  }

  @Override
  public Optional<Instant> builtAt(String mart, LocalDate date) {
    return entry(mart, date).map(BuiltDate::builtAt);
  }

  private Optional<BuiltDate> entry(String mart, LocalDate date) {
    if (built == null) {
      built = ledger.read();
    }
    return Optional.ofNullable(built.getOrDefault(TableRef.of(Layer.MART, mart).toString(), Map.of()).get(date));
  }
}
