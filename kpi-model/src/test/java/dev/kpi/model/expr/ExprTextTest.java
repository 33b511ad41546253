package dev.kpi.model.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.LogicalType;
import org.junit.jupiter.api.Test;

/** Expressions as an analyst writes them: what messages and docs show. */
class ExprTextTest {
  private static final Expr.ColumnRef STATUS = Expr.column("fct", "status", LogicalType.STRING);
  private static final Expr.ColumnRef PRICE = Expr.column("fct", "price", LogicalType.NUMERIC);
  private static final Expr.ColumnRef QUANTITY = Expr.column("fct", "quantity", LogicalType.INT64);

  @Test
  void operandsThatAreNotLeavesAreParenthesisedAndTextIsQuoted() {
    assertThat(ExprText.of(STATUS.in("paid", "it's"))).isEqualTo("fct.status IN ('paid', 'it''s')");
    assertThat(ExprText.of(PRICE.times(QUANTITY).plus(Expr.literal(1L)))).isEqualTo("(fct.price * fct.quantity) + 1");
    assertThat(ExprText.of(Expr.metric("gmv").dividedBy(Expr.metric("orders")))).isEqualTo("metric gmv / metric orders");
    assertThat(ExprText.of(Expr.when(STATUS.eq("paid"), QUANTITY).orElse(Expr.literal(0L))))
        .isEqualTo("CASE WHEN fct.status = 'paid' THEN fct.quantity ELSE 0 END");
  }

  @Test
  void everyNodePrintsItselfSoMessagesAndTestFailuresReadAsTheDefinition() {
    Expr countable = Expr.and(STATUS.in("paid", "shipped"), Expr.not(PRICE.isNull()));
    assertThat(countable).hasToString("(fct.status IN ('paid', 'shipped')) AND (NOT (fct.price IS NULL))");
    assertThat(Expr.nullOf(LogicalType.DATE)).hasToString("NULL");
    assertThat(Expr.coalesce(PRICE, Expr.literal(new java.math.BigDecimal("0.5")))).hasToString("COALESCE(fct.price, 0.5)");
    assertThat(PRICE.times(QUANTITY)).as("still equal by value").isEqualTo(PRICE.times(QUANTITY));
  }
}
