package dev.kpi.model.expr;

import dev.kpi.model.KpiStyle;
import dev.kpi.model.LogicalType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A typed expression over columns: the small language in which warehouse columns, filters and
 * derived metrics are written. Each node knows its {@link #type()}; whether the types fit
 * together (no STRING × INT64, no DATE = STRING) is checked by catalog validation, which names
 * the object the expression belongs to.
 *
 * <p>Read like SQL: {@code QUANTITY.times(UNIT_PRICE)}, {@code STATUS.in("paid", "shipped")},
 * {@code Expr.businessDate(ORDERED_AT)}.
 */
@Value.Enclosing
@KpiStyle
public interface Expr {

  /** The type this expression evaluates to. */
  LogicalType type();

  <R> R accept(ExprVisitor<R> visitor);

  // ---------------------------------------------------------------- factories

  /** A column of a lake or warehouse table. */
  static ColumnRef column(String table, String column, LogicalType type) {
    return ImmutableExpr.ColumnRef.of(table, column, type);
  }

  /** A constant; strings, whole numbers (INT64), BigDecimal (NUMERIC), doubles, booleans, dates. */
  static Literal literal(Object value) {
    return Literal.of(value);
  }

  /** The typed NULL. */
  static Literal nullOf(LogicalType type) {
    return ImmutableExpr.Literal.of(Optional.empty(), type);
  }

  /** The business date of a timestamp in the catalog's time zone (Asia/Tokyo for the shop). */
  static BusinessDate businessDate(Expr timestamp) {
    return ImmutableExpr.BusinessDate.of(timestamp, Optional.empty());
  }

  /** The business date of a timestamp in the given IANA time zone. */
  static BusinessDate businessDate(Expr timestamp, String timeZone) {
    return ImmutableExpr.BusinessDate.of(timestamp, Optional.of(timeZone));
  }

  /** The first argument that is not NULL. */
  static Coalesce coalesce(Expr first, Expr... rest) {
    List<Expr> all = new ArrayList<>();
    all.add(first);
    all.addAll(Arrays.asList(rest));
    return ImmutableExpr.Coalesce.of(all);
  }

  static Logical and(Expr first, Expr... rest) {
    return logical(Logical.Op.AND, first, rest);
  }

  static Logical or(Expr first, Expr... rest) {
    return logical(Logical.Op.OR, first, rest);
  }

  private static Logical logical(Logical.Op op, Expr first, Expr... rest) {
    List<Expr> all = new ArrayList<>();
    all.add(first);
    all.addAll(Arrays.asList(rest));
    return ImmutableExpr.Logical.of(op, all);
  }

  static Not not(Expr operand) {
    return ImmutableExpr.Not.of(operand);
  }

  /** {@code CASE WHEN condition THEN result ... END}; start with {@code Expr.when(c, r)}. */
  static Case.Builder when(Expr condition, Expr result) {
    return ImmutableExpr.Case.builder().addWhens(ImmutableExpr.When.of(condition, result));
  }

  /** A metric's value, for derived metrics: {@code Expr.metric("gmv").dividedBy(...)}. */
  static MetricRef metric(String name) {
    return ImmutableExpr.MetricRef.of(name);
  }

  // ---------------------------------------------------------------- fluent operators

  default Arithmetic plus(Expr other) {
    return ImmutableExpr.Arithmetic.of(Arithmetic.Op.ADD, this, other);
  }

  default Arithmetic minus(Expr other) {
    return ImmutableExpr.Arithmetic.of(Arithmetic.Op.SUBTRACT, this, other);
  }

  default Arithmetic times(Expr other) {
    return ImmutableExpr.Arithmetic.of(Arithmetic.Op.MULTIPLY, this, other);
  }

  /** Division that gives NULL instead of failing when the divisor is 0 (as SAFE_DIVIDE). */
  default Arithmetic dividedBy(Expr other) {
    return ImmutableExpr.Arithmetic.of(Arithmetic.Op.DIVIDE, this, other);
  }

  default Comparison eq(Object other) {
    return compare(Comparison.Op.EQ, other);
  }

  default Comparison ne(Object other) {
    return compare(Comparison.Op.NE, other);
  }

  default Comparison lt(Object other) {
    return compare(Comparison.Op.LT, other);
  }

  default Comparison le(Object other) {
    return compare(Comparison.Op.LE, other);
  }

  default Comparison gt(Object other) {
    return compare(Comparison.Op.GT, other);
  }

  default Comparison ge(Object other) {
    return compare(Comparison.Op.GE, other);
  }

  private Comparison compare(Comparison.Op op, Object other) {
    return ImmutableExpr.Comparison.of(op, this, asExpr(other));
  }

  /** {@code this IN (values...)}; the values are constants. */
  default In in(Object... values) {
    List<Literal> literals = new ArrayList<>();
    for (Object value : values) {
      literals.add(Literal.of(value));
    }
    return ImmutableExpr.In.of(this, literals);
  }

  default Logical and(Expr other) {
    return and(this, other);
  }

  default Logical or(Expr other) {
    return or(this, other);
  }

  default IsNull isNull() {
    return ImmutableExpr.IsNull.of(this);
  }

  private static Expr asExpr(Object value) {
    return value instanceof Expr ? (Expr) value : Literal.of(value);
  }

  // ---------------------------------------------------------------- nodes

  /**
   * What every node shares: its text is the expression as an analyst writes it ({@link
   * ExprText}), in messages, docs and test failures. Declared here, so Immutables keeps it.
   */
  abstract class Node implements Expr {
    @Override
    public final String toString() {
      return ExprText.of(this);
    }
  }

  /** A column of a table, with the type the table declares for it. */
  @Value.Immutable
  abstract class ColumnRef extends Node {
    @Value.Parameter
    public abstract String table();

    @Value.Parameter
    public abstract String column();

    @Override
    @Value.Parameter
    public abstract LogicalType type();

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitColumn(this);
    }

    /** {@code table.column}, as messages name it. */
    public String qualifiedName() {
      return table() + "." + column();
    }
  }

  /** A constant. Strings are escaped by each dialect when they are written as SQL. */
  @Value.Immutable
  abstract class Literal extends Node {
    /** Empty for NULL. */
    @Value.Parameter
    public abstract Optional<Object> value();

    @Override
    @Value.Parameter
    public abstract LogicalType type();

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitLiteral(this);
    }

    public static Literal of(Object value) {
      if (value instanceof Literal) {
        return (Literal) value;
      }
      return ImmutableExpr.Literal.of(Optional.of(value), typeOfJavaValue(value));
    }

    private static LogicalType typeOfJavaValue(Object value) {
      if (value instanceof String) {
        return LogicalType.STRING;
      }
      if (value instanceof Long || value instanceof Integer) {
        return LogicalType.INT64;
      }
      if (value instanceof BigDecimal) {
        return LogicalType.NUMERIC;
      }
      if (value instanceof Double) {
        return LogicalType.FLOAT64;
      }
      if (value instanceof Boolean) {
        return LogicalType.BOOL;
      }
      if (value instanceof LocalDate) {
        return LogicalType.DATE;
      }
      throw new IllegalArgumentException(
          "not a constant the KPI language knows: "
              + value
              + (value == null ? " (for NULL use Expr.nullOf(type))" : " of " + value.getClass())
              + "; use a String, Long, Integer, BigDecimal, Double, Boolean or LocalDate");
    }
  }

  /** {@code left op right} over numbers. */
  @Value.Immutable
  abstract class Arithmetic extends Node {
    public enum Op {
      ADD("+"),
      SUBTRACT("-"),
      MULTIPLY("*"),
      DIVIDE("/");

      private final String symbol;

      Op(String symbol) {
        this.symbol = symbol;
      }

      public String symbol() {
        return symbol;
      }
    }

    @Value.Parameter
    public abstract Op op();

    @Value.Parameter
    public abstract Expr left();

    @Value.Parameter
    public abstract Expr right();

    @Override
    public LogicalType type() {
      return TypeInference.typeOf(this, MetricRef.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitArithmetic(this);
    }
  }

  /** {@code left op right}, a BOOL. */
  @Value.Immutable
  abstract class Comparison extends Node {
    public enum Op {
      EQ("="),
      NE("<>"),
      LT("<"),
      LE("<="),
      GT(">"),
      GE(">=");

      private final String symbol;

      Op(String symbol) {
        this.symbol = symbol;
      }

      public String symbol() {
        return symbol;
      }
    }

    @Value.Parameter
    public abstract Op op();

    @Value.Parameter
    public abstract Expr left();

    @Value.Parameter
    public abstract Expr right();

    @Override
    public LogicalType type() {
      return LogicalType.BOOL;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitComparison(this);
    }
  }

  /** AND or OR over two or more BOOL operands. */
  @Value.Immutable
  abstract class Logical extends Node {
    public enum Op {
      AND,
      OR
    }

    @Value.Parameter
    public abstract Op op();

    @Value.Parameter
    public abstract List<Expr> operands();

    @Override
    public LogicalType type() {
      return LogicalType.BOOL;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitLogical(this);
    }
  }

  @Value.Immutable
  abstract class Not extends Node {
    @Value.Parameter
    public abstract Expr operand();

    @Override
    public LogicalType type() {
      return LogicalType.BOOL;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitNot(this);
    }
  }

  @Value.Immutable
  abstract class IsNull extends Node {
    @Value.Parameter
    public abstract Expr operand();

    @Override
    public LogicalType type() {
      return LogicalType.BOOL;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitIsNull(this);
    }
  }

  /** {@code operand IN (values)}. */
  @Value.Immutable
  abstract class In extends Node {
    @Value.Parameter
    public abstract Expr operand();

    @Value.Parameter
    public abstract List<Literal> values();

    @Override
    public LogicalType type() {
      return LogicalType.BOOL;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitIn(this);
    }
  }

  /** One {@code WHEN condition THEN result} of a {@link Case}. */
  @Value.Immutable
  interface When {
    @Value.Parameter
    Expr condition();

    @Value.Parameter
    Expr result();
  }

  /** {@code CASE WHEN ... THEN ... [ELSE ...] END}. */
  @Value.Immutable
  abstract class Case extends Node {
    public abstract List<When> whens();

    public abstract Optional<Expr> otherwise();

    @Override
    public LogicalType type() {
      return TypeInference.typeOf(this, MetricRef.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitCase(this);
    }

    public interface Builder {
      Builder addWhens(When element);

      Builder otherwise(Expr otherwise);

      Case build();

      default Builder when(Expr condition, Expr result) {
        return addWhens(ImmutableExpr.When.of(condition, result));
      }

      /** Closes the CASE with an ELSE. */
      default Case orElse(Expr otherwise) {
        return otherwise(otherwise).build();
      }

      /** Closes the CASE without ELSE: NULL when no condition holds. */
      default Case end() {
        return build();
      }
    }
  }

  @Value.Immutable
  abstract class Coalesce extends Node {
    @Value.Parameter
    public abstract List<Expr> operands();

    @Override
    public LogicalType type() {
      return TypeInference.typeOf(this, MetricRef.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitCoalesce(this);
    }
  }

  /**
   * The calendar date of a timestamp in a time zone: the business date of an order placed at
   * 2021-02-24T15:30:00Z is 2021-02-25 in Asia/Tokyo.
   */
  @Value.Immutable
  abstract class BusinessDate extends Node {
    @Value.Parameter
    public abstract Expr timestamp();

    /** An IANA zone; empty means the catalog's time zone. */
    @Value.Parameter
    public abstract Optional<String> timeZone();

    @Override
    public LogicalType type() {
      return LogicalType.DATE;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitBusinessDate(this);
    }
  }

  /**
   * The value of another metric, inside a derived metric. Its type is known only once the
   * catalog resolves the name; until then it is NUMERIC.
   */
  @Value.Immutable
  abstract class MetricRef extends Node {
    /** The type of metric references outside a catalog, where names cannot be resolved. */
    public static final java.util.function.Function<String, LogicalType> UNRESOLVED = name -> LogicalType.NUMERIC;

    @Value.Parameter
    public abstract String name();

    @Override
    public LogicalType type() {
      return LogicalType.NUMERIC;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
      return visitor.visitMetric(this);
    }
  }
}
