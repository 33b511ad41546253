package dev.kpi.model.catalog;

import dev.kpi.model.LogicalType;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.expr.ExprText;
import dev.kpi.model.expr.ExprVisitor;
import dev.kpi.model.expr.Exprs;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Finds type errors anywhere in an expression tree, one sentence each. */
final class TypeProblems implements ExprVisitor<List<String>> {
  private final Function<Expr, LogicalType> typeOf;

  TypeProblems(Function<Expr, LogicalType> typeOf) {
    this.typeOf = typeOf;
  }

  private List<String> children(Expr expr) {
    List<String> out = new ArrayList<>();
    for (Expr child : Exprs.children(expr)) {
      out.addAll(child.accept(this));
    }
    return out;
  }

  @Override
  public List<String> visitColumn(Expr.ColumnRef column) {
    return List.of();
  }

  @Override
  public List<String> visitLiteral(Expr.Literal literal) {
    return List.of();
  }

  @Override
  public List<String> visitArithmetic(Expr.Arithmetic arithmetic) {
    List<String> out = children(arithmetic);
    LogicalType l = typeOf.apply(arithmetic.left());
    LogicalType r = typeOf.apply(arithmetic.right());
    if (!l.isNumeric() || !r.isNumeric()) {
      out.add(
          "cannot compute "
              + ExprText.of(arithmetic)
              + ": "
              + arithmetic.op().symbol()
              + " needs numbers, got "
              + l
              + " and "
              + r);
    }
    return out;
  }

  @Override
  public List<String> visitComparison(Expr.Comparison comparison) {
    List<String> out = children(comparison);
    LogicalType l = typeOf.apply(comparison.left());
    LogicalType r = typeOf.apply(comparison.right());
    if (!l.isComparableWith(r)) {
      out.add(
          "cannot compare "
              + ExprText.of(comparison.left())
              + " ("
              + l
              + ") with "
              + ExprText.of(comparison.right())
              + " ("
              + r
              + "); compare values of the same type");
    }
    return out;
  }

  @Override
  public List<String> visitLogical(Expr.Logical logical) {
    List<String> out = children(logical);
    for (Expr operand : logical.operands()) {
      if (typeOf.apply(operand) != LogicalType.BOOL) {
        out.add(logical.op() + " needs conditions, but " + ExprText.of(operand) + " is " + typeOf.apply(operand));
      }
    }
    return out;
  }

  @Override
  public List<String> visitNot(Expr.Not not) {
    List<String> out = children(not);
    if (typeOf.apply(not.operand()) != LogicalType.BOOL) {
      out.add("NOT needs a condition, but " + ExprText.of(not.operand()) + " is " + typeOf.apply(not.operand()));
    }
    return out;
  }

  @Override
  public List<String> visitIsNull(Expr.IsNull isNull) {
    return children(isNull);
  }

  @Override
  public List<String> visitIn(Expr.In in) {
    List<String> out = children(in);
    LogicalType operand = typeOf.apply(in.operand());
    if (in.values().isEmpty()) {
      out.add(ExprText.of(in.operand()) + " IN () has no values; list at least one");
    }
    for (Expr.Literal value : in.values()) {
      if (!operand.isComparableWith(value.type())) {
        out.add(
            "cannot compare "
                + ExprText.of(in.operand())
                + " ("
                + operand
                + ") with "
                + ExprText.of(value)
                + " ("
                + value.type()
                + ") in IN; compare values of the same type");
      }
    }
    return out;
  }

  @Override
  public List<String> visitCase(Expr.Case caseExpr) {
    List<String> out = children(caseExpr);
    LogicalType type = typeOf.apply(caseExpr);
    for (Expr.When when : caseExpr.whens()) {
      if (typeOf.apply(when.condition()) != LogicalType.BOOL) {
        out.add("CASE WHEN needs a condition, but " + ExprText.of(when.condition()) + " is " + typeOf.apply(when.condition()));
      }
      if (!typeOf.apply(when.result()).isComparableWith(type)) {
        out.add("CASE branches must have one type, but " + ExprText.of(when.result()) + " is " + typeOf.apply(when.result()) + " and the first is " + type);
      }
    }
    caseExpr
        .otherwise()
        .filter(e -> !typeOf.apply(e).isComparableWith(type))
        .ifPresent(e -> out.add("CASE ELSE " + ExprText.of(e) + " is " + typeOf.apply(e) + ", but the branches are " + type));
    return out;
  }

  @Override
  public List<String> visitCoalesce(Expr.Coalesce coalesce) {
    List<String> out = children(coalesce);
    LogicalType type = typeOf.apply(coalesce);
    for (Expr operand : coalesce.operands()) {
      if (!typeOf.apply(operand).isComparableWith(type)) {
        out.add("COALESCE arguments must have one type, but " + ExprText.of(operand) + " is " + typeOf.apply(operand) + " and the first is " + type);
      }
    }
    return out;
  }

  @Override
  public List<String> visitBusinessDate(Expr.BusinessDate businessDate) {
    List<String> out = children(businessDate);
    LogicalType type = typeOf.apply(businessDate.timestamp());
    if (type != LogicalType.TIMESTAMP) {
      out.add("businessDate needs a TIMESTAMP, but " + ExprText.of(businessDate.timestamp()) + " is " + type);
    }
    businessDate
        .timeZone()
        .ifPresent(
            zone -> {
              try {
                ZoneId.of(zone);
              } catch (DateTimeException e) {
                out.add("time zone '" + zone + "' is not an IANA zone id; use e.g. Asia/Tokyo");
              }
            });
    return out;
  }

  @Override
  public List<String> visitMetric(Expr.MetricRef metric) {
    return List.of();
  }
}
