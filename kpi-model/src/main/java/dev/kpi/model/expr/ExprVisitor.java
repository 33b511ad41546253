package dev.kpi.model.expr;

/** One method per node of the expression language; compilers and validators implement it. */
public interface ExprVisitor<R> {
  R visitColumn(Expr.ColumnRef column);

  R visitLiteral(Expr.Literal literal);

  R visitArithmetic(Expr.Arithmetic arithmetic);

  R visitComparison(Expr.Comparison comparison);

  R visitLogical(Expr.Logical logical);

  R visitNot(Expr.Not not);

  R visitIsNull(Expr.IsNull isNull);

  R visitIn(Expr.In in);

  R visitCase(Expr.Case caseExpr);

  R visitCoalesce(Expr.Coalesce coalesce);

  R visitBusinessDate(Expr.BusinessDate businessDate);

  R visitMetric(Expr.MetricRef metric);
}
