package dev.kpi.model.catalog;

import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.TypeInference;
import dev.kpi.model.metric.Aggregation;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.metric.MetricVisitor;
import java.util.HashSet;
import java.util.Set;

/**
 * The type of each metric's values, as BigQuery computes them: SUM keeps INT64 or NUMERIC,
 * counts are INT64, AVG of integers is FLOAT64, a ratio of NUMERIC by INT64 is NUMERIC.
 */
final class MetricTypes {
  private final Catalog catalog;
  private final Set<String> visiting = new HashSet<>();

  MetricTypes(Catalog catalog) {
    this.catalog = catalog;
  }

  LogicalType typeOf(String metricName) {
    Metric metric = catalog.findMetric(metricName).orElse(null);
    if (metric == null || !visiting.add(metricName)) {
      // Unknown names and cycles are validation problems of their own; NUMERIC lets typing go on.
      return LogicalType.NUMERIC;
    }
    try {
      return metric.accept(
          new MetricVisitor<LogicalType>() {
            @Override
            public LogicalType visitSimple(Metric.Simple simple) {
              return aggregateType(simple.aggregation(), simple.expression().type());
            }

            @Override
            public LogicalType visitRatio(Metric.Ratio ratio) {
              LogicalType numerator = typeOf(ratio.numerator());
              LogicalType denominator = typeOf(ratio.denominator());
              return LogicalType.quotient(numerator, denominator);
            }

            @Override
            public LogicalType visitDerived(Metric.Derived derived) {
              return TypeInference.typeOf(derived.expression(), MetricTypes.this::typeOf);
            }

            @Override
            public LogicalType visitRolling(Metric.Rolling rolling) {
              return typeOf(rolling.base());
            }
          });
    } finally {
      visiting.remove(metricName);
    }
  }

  static LogicalType aggregateType(Aggregation aggregation, LogicalType input) {
    switch (aggregation) {
      case COUNT:
      case COUNT_DISTINCT:
        return LogicalType.INT64;
      case AVERAGE:
        return input == LogicalType.NUMERIC ? LogicalType.NUMERIC : LogicalType.FLOAT64;
      case SUM:
        return input.isNumeric() ? input : LogicalType.FLOAT64;
      default:
        return input;
    }
  }
}
