package dev.kpi.model.expr;

import java.util.ArrayList;
import java.util.List;

/** Walks expression trees: children of a node, and all nodes of a kind below it. */
public final class Exprs {
  private Exprs() {}

  /** The direct operands of a node, in source order. */
  /**
   * Whether the expression reads as one unit in any text that prints it (a column, a constant, a
   * metric, a function call, a CASE ... END); every other operand is parenthesised by the printers
   * (SQL and {@link ExprText}), so the text means what the tree means whatever the precedence.
   */
  public static boolean isLeaf(Expr expr) {
    return expr instanceof Expr.ColumnRef
        || expr instanceof Expr.Literal
        || expr instanceof Expr.MetricRef
        || expr instanceof Expr.Coalesce
        || expr instanceof Expr.BusinessDate
        || expr instanceof Expr.Case;
  }

  public static List<Expr> children(Expr expr) {
    return expr.accept(CHILDREN);
  }

  /** Every column the expression reads, depth first, in source order. */
  public static List<Expr.ColumnRef> columns(Expr expr) {
    List<Expr.ColumnRef> out = new ArrayList<>();
    collect(expr, Expr.ColumnRef.class, out);
    return out;
  }

  /** Every metric the expression reads (derived metrics), in source order. */
  public static List<Expr.MetricRef> metrics(Expr expr) {
    List<Expr.MetricRef> out = new ArrayList<>();
    collect(expr, Expr.MetricRef.class, out);
    return out;
  }

  private static <T extends Expr> void collect(Expr expr, Class<T> kind, List<T> out) {
    if (kind.isInstance(expr)) {
      out.add(kind.cast(expr));
    }
    for (Expr child : children(expr)) {
      collect(child, kind, out);
    }
  }

  private static final ExprVisitor<List<Expr>> CHILDREN =
      new ExprVisitor<>() {
        @Override
        public List<Expr> visitColumn(Expr.ColumnRef column) {
          return List.of();
        }

        @Override
        public List<Expr> visitLiteral(Expr.Literal literal) {
          return List.of();
        }

        @Override
        public List<Expr> visitArithmetic(Expr.Arithmetic arithmetic) {
          return List.of(arithmetic.left(), arithmetic.right());
        }

        @Override
        public List<Expr> visitComparison(Expr.Comparison comparison) {
          return List.of(comparison.left(), comparison.right());
        }

        @Override
        public List<Expr> visitLogical(Expr.Logical logical) {
          return logical.operands();
        }

        @Override
        public List<Expr> visitNot(Expr.Not not) {
          return List.of(not.operand());
        }

        @Override
        public List<Expr> visitIsNull(Expr.IsNull isNull) {
          return List.of(isNull.operand());
        }

        @Override
        public List<Expr> visitIn(Expr.In in) {
          List<Expr> all = new ArrayList<>();
          all.add(in.operand());
          all.addAll(in.values());
          return all;
        }

        @Override
        public List<Expr> visitCase(Expr.Case caseExpr) {
          List<Expr> all = new ArrayList<>();
          for (Expr.When when : caseExpr.whens()) {
            all.add(when.condition());
            all.add(when.result());
          }
          caseExpr.otherwise().ifPresent(all::add);
          return all;
        }

        @Override
        public List<Expr> visitCoalesce(Expr.Coalesce coalesce) {
          return coalesce.operands();
        }

        @Override
        public List<Expr> visitBusinessDate(Expr.BusinessDate businessDate) {
          return List.of(businessDate.timestamp());
        }

        @Override
        public List<Expr> visitMetric(Expr.MetricRef metric) {
          return List.of();
        }
      };
}
