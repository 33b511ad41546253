package dev.kpi.model.metric;

/** One method per kind of metric. */
public interface MetricVisitor<R> {
  R visitSimple(Metric.Simple metric);

  R visitRatio(Metric.Ratio metric);

  R visitDerived(Metric.Derived metric);

  R visitRolling(Metric.Rolling metric);
}
