package dev.kpi.model.expr;

import java.util.stream.Collectors;

/**
 * An expression as an analyst would write it, SQL-like and short — {@code fct_order_items.status
 * IN ('paid', 'shipped')}, {@code metric gmv / metric orders} — for messages and docs. Operands
 * that are not leaves are parenthesised, so the text means what the tree means. Every node's
 * {@code toString()} is this text.
 */
public final class ExprText implements ExprVisitor<String> {
  private static final ExprText INSTANCE = new ExprText(Expr.ColumnRef::qualifiedName, false);

  private final java.util.function.Function<Expr.ColumnRef, String> columnName;
  private final boolean quoteDates;

  private ExprText(java.util.function.Function<Expr.ColumnRef, String> columnName, boolean quoteDates) {
    this.columnName = columnName;
    this.quoteDates = quoteDates;
  }

  public static String of(Expr expr) {
    return expr.accept(INSTANCE);
  }

  /**
   * The expression with each column named by {@code columnName} (a filter's dimensions by their
   * names) and dates quoted, as a filter's text form ({@code kpi query --where}) writes them.
   */
  public static String of(Expr expr, java.util.function.Function<Expr.ColumnRef, String> columnName) {
    return expr.accept(new ExprText(columnName, true));
  }

  private String operand(Expr expr) {
    String text = expr.accept(this);
    return Exprs.isLeaf(expr) ? text : "(" + text + ")";
  }

  @Override
  public String visitColumn(Expr.ColumnRef column) {
    return columnName.apply(column);
  }

  @Override
  public String visitLiteral(Expr.Literal literal) {
    return literal.value()
        .map(v -> v instanceof String || (quoteDates && v instanceof java.time.LocalDate) ? "'" + v.toString().replace("'", "''") + "'" : number(v))
        .orElse("NULL");
  }

  /** In a filter's text form numbers are plain (1000, 0.5), as its parser reads them. */
  private String number(Object value) {
    if (quoteDates && value instanceof java.math.BigDecimal) {
      return ((java.math.BigDecimal) value).toPlainString();
    }
    if (quoteDates && value instanceof Double && Double.isFinite((Double) value)) {
      return java.math.BigDecimal.valueOf((Double) value).toPlainString();
    }
    return String.valueOf(value);
  }

  @Override
  public String visitArithmetic(Expr.Arithmetic a) {
    return operand(a.left()) + " " + a.op().symbol() + " " + operand(a.right());
  }

  @Override
  public String visitComparison(Expr.Comparison c) {
    return operand(c.left()) + " " + c.op().symbol() + " " + operand(c.right());
  }

  @Override
  public String visitLogical(Expr.Logical logical) {
    return logical.operands().stream().map(this::operand).collect(Collectors.joining(" " + logical.op() + " "));
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
    return operand(in.operand()) + " IN " + in.values().stream().map(v -> v.accept(this)).collect(Collectors.joining(", ", "(", ")"));
  }

  @Override
  public String visitCase(Expr.Case caseExpr) {
    StringBuilder out = new StringBuilder("CASE");
    for (Expr.When when : caseExpr.whens()) {
      out.append(" WHEN ").append(when.condition().accept(this)).append(" THEN ").append(when.result().accept(this));
    }
    caseExpr.otherwise().ifPresent(e -> out.append(" ELSE ").append(e.accept(this)));
    return out.append(" END").toString();
  }

  @Override
  public String visitCoalesce(Expr.Coalesce coalesce) {
    return coalesce.operands().stream().map(o -> o.accept(this)).collect(Collectors.joining(", ", "COALESCE(", ")"));
  }

  @Override
  public String visitBusinessDate(Expr.BusinessDate b) {
    return "businessDate(" + b.timestamp().accept(this) + ")";
  }

  @Override
  public String visitMetric(Expr.MetricRef metric) {
    return "metric " + metric.name();
  }
}
