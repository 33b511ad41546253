package dev.kpi.model.expr;

import dev.kpi.model.LogicalType;
import java.util.function.Function;

/**
 * The type rules of the expression language, in one place (BigQuery's rules): + - * widen
 * INT64 → NUMERIC → FLOAT64, / of two INT64 is FLOAT64, comparisons and logic are BOOL, CASE
 * and COALESCE take the type of their first branch. Ill-typed expressions still get a type so
 * that validation can go on and report every problem at once.
 */
public final class TypeInference implements ExprVisitor<LogicalType> {
  private final Function<String, LogicalType> metricTypes;

  private TypeInference(Function<String, LogicalType> metricTypes) {
    this.metricTypes = metricTypes;
  }

  /** The type of an expression whose metric references have the given types. */
  public static LogicalType typeOf(Expr expr, Function<String, LogicalType> metricTypes) {
    return expr.accept(new TypeInference(metricTypes));
  }

  @Override
  public LogicalType visitColumn(Expr.ColumnRef column) {
    return column.type();
  }

  @Override
  public LogicalType visitLiteral(Expr.Literal literal) {
    return literal.type();
  }

  @Override
  public LogicalType visitArithmetic(Expr.Arithmetic arithmetic) {
    LogicalType l = arithmetic.left().accept(this);
    LogicalType r = arithmetic.right().accept(this);
    if (!l.isNumeric() || !r.isNumeric()) {
      return LogicalType.FLOAT64;
    }
    return arithmetic.op() == Expr.Arithmetic.Op.DIVIDE
        ? LogicalType.quotient(l, r)
        : LogicalType.widerNumeric(l, r);
  }

  @Override
  public LogicalType visitComparison(Expr.Comparison comparison) {
    return LogicalType.BOOL;
  }

  @Override
  public LogicalType visitLogical(Expr.Logical logical) {
    return LogicalType.BOOL;
  }

  @Override
  public LogicalType visitNot(Expr.Not not) {
    return LogicalType.BOOL;
  }

  @Override
  public LogicalType visitIsNull(Expr.IsNull isNull) {
    return LogicalType.BOOL;
  }

  @Override
  public LogicalType visitIn(Expr.In in) {
    return LogicalType.BOOL;
  }

  @Override
  public LogicalType visitCase(Expr.Case caseExpr) {
    return caseExpr.whens().isEmpty()
        ? caseExpr.otherwise().map(e -> e.accept(this)).orElse(LogicalType.STRING)
        : caseExpr.whens().get(0).result().accept(this);
  }

  @Override
  public LogicalType visitCoalesce(Expr.Coalesce coalesce) {
    return coalesce.operands().get(0).accept(this);
  }

  @Override
  public LogicalType visitBusinessDate(Expr.BusinessDate businessDate) {
    return LogicalType.DATE;
  }

  @Override
  public LogicalType visitMetric(Expr.MetricRef metric) {
    return metricTypes.apply(metric.name());
  }
}
