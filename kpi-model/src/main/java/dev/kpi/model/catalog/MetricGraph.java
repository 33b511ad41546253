package dev.kpi.model.catalog;

import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.TypeInference;
import dev.kpi.model.metric.Aggregation;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.metric.MetricVisitor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics of a catalog and how they depend on each other, worked out once: each metric's
 * kind, value type, inputs and the fact it reads. The validator, the planner and the SQL writer
 * all ask this graph, so they agree on what a metric needs and of which type its values are.
 *
 * <p>It is built before validation, so it tolerates what validation reports: an input that is
 * not a metric is left out of the walks, and a metric in a cycle is typed NUMERIC so that typing
 * can go on (see {@link #cycles()}).
 */
public final class MetricGraph {
  /** How a metric's value over a period is made, which decides what may be added up. */
  public enum Kind {
    /** A SUM or COUNT of fact rows: a period's value is the sum of its days' values. */
    ADDITIVE("additive"),
    /** A COUNT DISTINCT: counted again over each period's rows, never added up from days. */
    DISTINCT("distinct"),
    /** A MIN, MAX or AVG of fact rows: computed again over each period's rows. */
    NON_ADDITIVE("non-additive"),
    /** One metric divided by another, recomputed from the period's values. */
    RATIO("ratio"),
    /** A metric over the N days ending on each date. */
    ROLLING("rolling"),
    /** An expression over other metrics, computed from the period's values. */
    DERIVED("derived");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** How messages and docs name it. */
    public String label() {
      return label;
    }

    static Kind of(Metric metric) {
      return metric.accept(
          new MetricVisitor<Kind>() {
            @Override
            public Kind visitSimple(Metric.Simple simple) {
              switch (simple.aggregation()) {
                case SUM:
                case COUNT:
                  return ADDITIVE;
                case COUNT_DISTINCT:
                  return DISTINCT;
                default:
                  return NON_ADDITIVE;
              }
            }

            @Override
            public Kind visitRatio(Metric.Ratio ratio) {
              return RATIO;
            }

            @Override
            public Kind visitDerived(Metric.Derived derived) {
              return DERIVED;
            }

            @Override
            public Kind visitRolling(Metric.Rolling rolling) {
              return ROLLING;
            }
          });
    }
  }

  private final Map<String, Metric> metrics = new LinkedHashMap<>();
  private final Map<String, LogicalType> types = new HashMap<>();

  private MetricGraph(Collection<Metric> metrics) {
    // The first of two metrics of one name wins; the duplicate is a validation problem.
    metrics.forEach(m -> this.metrics.putIfAbsent(m.name(), m));
    Set<String> visiting = new HashSet<>();
    this.metrics.keySet().forEach(name -> type(name, visiting));
  }

  public static MetricGraph of(Catalog catalog) {
    return new MetricGraph(catalog.metrics());
  }

  /** The graph of metrics not (yet) in a valid catalog: what the validator looks at. */
  static MetricGraph of(Collection<Metric> metrics) {
    return new MetricGraph(metrics);
  }

  public Optional<Metric> find(String name) {
    return Optional.ofNullable(metrics.get(name));
  }

  public Metric metric(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("no metric named " + name));
  }

  public Kind kind(String name) {
    return Kind.of(metric(name));
  }

  /**
   * The type of a metric's values, as BigQuery computes them and as both engines are made to:
   * SUM keeps INT64 or NUMERIC, counts are INT64, AVG of integers is FLOAT64, a quotient of
   * integers is FLOAT64 and one with a NUMERIC side NUMERIC ({@link LogicalType#quotient}). A
   * name that is not a metric, or a metric in a cycle, is NUMERIC.
   */
  public LogicalType type(String name) {
    return types.getOrDefault(name, LogicalType.NUMERIC);
  }

  /** The fact a simple metric aggregates, or a rolling metric's base does; empty for others. */
  public Optional<String> fact(String name) {
    Metric metric = metrics.get(name);
    if (metric instanceof Metric.Rolling) {
      metric = metrics.get(((Metric.Rolling) metric).base());
    }
    return metric instanceof Metric.Simple ? Optional.of(((Metric.Simple) metric).fact()) : Optional.empty();
  }

  /** The named metrics and every metric they are computed from, each once, in first-use order. */
  public List<Metric> closure(List<String> names) {
    List<Metric> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    names.forEach(n -> walk(n, seen, out, true));
    return out;
  }

  /** The simple metrics the named metrics read, rolling metrics' bases included, in first-use order. */
  public List<Metric.Simple> simpleInputs(List<String> names) {
    List<Metric.Simple> out = new ArrayList<>();
    for (Metric metric : closure(names)) {
      if (metric instanceof Metric.Simple) {
        out.add((Metric.Simple) metric);
      }
    }
    return out;
  }

  /**
   * What a query of the named metrics aggregates from facts: the simple metrics and the rolling
   * metrics (whose bases are aggregated per window, not per period), each once, in first-use
   * order. Ratios and derived metrics are computed from these.
   */
  public List<Metric> aggregates(List<String> names) {
    List<Metric> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    names.forEach(n -> walk(n, seen, out, false));
    out.removeIf(m -> !(m instanceof Metric.Simple || m instanceof Metric.Rolling));
    return out;
  }

  /** Whether the metric is, or is computed from, a rolling window. */
  public boolean usesRolling(String name) {
    return closure(List.of(name)).stream().anyMatch(m -> m instanceof Metric.Rolling);
  }

  /**
   * Each distinct cycle of metrics defined in terms of themselves, as a path from a metric back
   * to it ({@code a, b, a}), found from each metric in catalog order; two loops that share a
   * metric are both listed, so an analyst fixes them in one round.
   */
  public List<List<String>> cycles() {
    List<List<String>> out = new ArrayList<>();
    Set<Set<String>> reported = new HashSet<>();
    for (Metric metric : metrics.values()) {
      List<String> path = new ArrayList<>();
      path.add(metric.name());
      if (pathBackTo(metric.name(), metric, path, new HashSet<>()) && reported.add(new HashSet<>(path))) {
        out.add(List.copyOf(path));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- internals

  /** Depth-first, a metric before its inputs; into a rolling metric's base only when asked. */
  private void walk(String name, Set<String> seen, List<Metric> out, boolean intoRollingBases) {
    Metric metric = metrics.get(name);
    if (metric == null || !seen.add(name)) {
      return;
    }
    out.add(metric);
    if (metric instanceof Metric.Rolling && !intoRollingBases) {
      return;
    }
    metric.inputs().forEach(i -> walk(i, seen, out, intoRollingBases));
  }

  /** Extends {@code path} (which ends at {@code from}) until it returns to {@code start}. */
  private boolean pathBackTo(String start, Metric from, List<String> path, Set<String> visited) {
    for (String input : from.inputs()) {
      if (input.equals(start)) {
        path.add(input);
        return true;
      }
      Metric next = metrics.get(input);
      if (next != null && visited.add(input)) {
        path.add(input);
        if (pathBackTo(start, next, path, visited)) {
          return true;
        }
        path.remove(path.size() - 1);
      }
    }
    return false;
  }

  private LogicalType type(String name, Set<String> visiting) {
    LogicalType known = types.get(name);
    if (known != null) {
      return known;
    }
    Metric metric = metrics.get(name);
    if (metric == null || !visiting.add(name)) {
      return LogicalType.NUMERIC;
    }
    LogicalType type =
        metric.accept(
            new MetricVisitor<LogicalType>() {
              @Override
              public LogicalType visitSimple(Metric.Simple simple) {
                return aggregateType(simple.aggregation(), simple.expression().type());
              }

              @Override
              public LogicalType visitRatio(Metric.Ratio ratio) {
                return LogicalType.quotient(type(ratio.numerator(), visiting), type(ratio.denominator(), visiting));
              }

              @Override
              public LogicalType visitDerived(Metric.Derived derived) {
                return TypeInference.typeOf(derived.expression(), input -> type(input, visiting));
              }

              @Override
              public LogicalType visitRolling(Metric.Rolling rolling) {
                return type(rolling.base(), visiting);
              }
            });
    visiting.remove(name);
    // In a cycle (a validation problem) a member's type is made with NUMERIC for the metric
    // that closed it; that is enough to go on reporting the catalog's other problems.
    types.put(name, type);
    return type;
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
