package dev.kpi.sql.render;

import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.expr.ExprVisitor;
import dev.kpi.model.expr.Exprs;
import dev.kpi.model.expr.TypeInference;
import dev.kpi.sql.dialect.SqlDialect;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes an expression of the KPI language as SQL of a dialect. A column is written
 * {@code table.column}: every query aliases each table by its own name. Operands that are not
 * leaves are parenthesised, so the SQL means what the tree means whatever the precedence.
 */
final class ExpressionRenderer implements ExprVisitor<String> {
  private final SqlDialect dialect;
  private final String catalogTimeZone;
  private final Function<String, String> metricSql;
  /** The type of a referenced metric's values: a division's type (and so its SQL) depends on its operands'. */
  private final Function<String, LogicalType> metricTypes;

  private ExpressionRenderer(SqlDialect dialect, String catalogTimeZone, Function<String, String> metricSql, Function<String, LogicalType> metricTypes) {
    this.dialect = dialect;
    this.catalogTimeZone = catalogTimeZone;
    this.metricSql = metricSql;
    this.metricTypes = metricTypes;
  }

  /** For column expressions; metric references are not allowed there (validation says so). */
  static String render(Expr expr, SqlDialect dialect, String catalogTimeZone) {
    return expr.accept(
        new ExpressionRenderer(
            dialect,
            catalogTimeZone,
            name -> {
              throw new IllegalStateException("metric reference outside a derived metric: " + name);
            },
            Expr.MetricRef.UNRESOLVED));
  }

  /**
   * For derived metrics: each metric reference becomes the SQL of that metric's value, typed as
   * the catalog types it ({@code metricTypes}), so a division of two integer metrics is the
   * FLOAT64 division on every dialect, as the metric is declared.
   */
  static String render(
      Expr expr, SqlDialect dialect, String catalogTimeZone, Function<String, String> metricSql, Function<String, LogicalType> metricTypes) {
    return expr.accept(new ExpressionRenderer(dialect, catalogTimeZone, metricSql, metricTypes));
  }

  private String operand(Expr expr) {
    String sql = expr.accept(this);
    return Exprs.isLeaf(expr) ? sql : "(" + sql + ")";
  }

  @Override
  public String visitColumn(Expr.ColumnRef column) {
    return dialect.identifier(column.table()) + "." + dialect.identifier(column.column());
  }

  @Override
  public String visitLiteral(Expr.Literal literal) {
    return dialect.literal(literal);
  }

  @Override
  public String visitArithmetic(Expr.Arithmetic arithmetic) {
    if (arithmetic.op() == Expr.Arithmetic.Op.DIVIDE) {
      return dialect.safeDivide(
          arithmetic.left().accept(this),
          arithmetic.right().accept(this),
          TypeInference.typeOf(arithmetic, metricTypes));
    }
    return operand(arithmetic.left()) + " " + arithmetic.op().symbol() + " " + operand(arithmetic.right());
  }

  @Override
  public String visitComparison(Expr.Comparison comparison) {
    return operand(comparison.left()) + " " + comparison.op().symbol() + " " + operand(comparison.right());
  }

  @Override
  public String visitLogical(Expr.Logical logical) {
    return logical.operands().stream()
        .map(this::operand)
        .collect(Collectors.joining(" " + logical.op().name() + " "));
  }

  @Override
  public String visitNot(Expr.Not not) {
    return "NOT " + operand(not.operand());
  }

  @Override
  public String visitIsNull(Expr.IsNull isNull) {
    return operand(isNull.operand()) + " IS NULL";
  }

  @Override
  public String visitIn(Expr.In in) {
    return operand(in.operand())
        + " IN "
        + in.values().stream().map(v -> v.accept(this)).collect(Collectors.joining(", ", "(", ")"));
  }

  @Override
  public String visitCase(Expr.Case caseExpr) {
    StringBuilder sql = new StringBuilder("CASE");
    for (Expr.When when : caseExpr.whens()) {
      sql.append(" WHEN ").append(when.condition().accept(this)).append(" THEN ").append(when.result().accept(this));
    }
    caseExpr.otherwise().ifPresent(e -> sql.append(" ELSE ").append(e.accept(this)));
    return sql.append(" END").toString();
  }

  @Override
  public String visitCoalesce(Expr.Coalesce coalesce) {
    return coalesce.operands().stream()
        .map(o -> o.accept(this))
        .collect(Collectors.joining(", ", "COALESCE(", ")"));
  }

  @Override
  public String visitBusinessDate(Expr.BusinessDate businessDate) {
    return dialect.businessDate(
        businessDate.timestamp().accept(this), businessDate.timeZone().orElse(catalogTimeZone));
  }

  @Override
  public String visitMetric(Expr.MetricRef metric) {
    return metricSql.apply(metric.name());
  }
}
