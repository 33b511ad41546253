package dev.kpi.definitions;

import dev.kpi.model.LogicalType;
import dev.kpi.sql.testing.TableData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The KPIs computed straight from a fixture lake in plain Java, word for word as the glossary
 * (the definitions' descriptions in dev.kpi.definitions.shop, summarised in docs/glossary.md)
 * defines them, with no SQL and nothing of the compiler: the answer the marts must give.
 *
 * <ul>
 *   <li>Business date: the date of ordered_at in Asia/Tokyo; countable: paid or shipped.
 *   <li>GMV Σ quantity × unit_price (exact); orders: distinct order ids; active creators:
 *       distinct products.creator_id (an order item without its product has none); items
 *       sold: Σ quantity; AOV: GMV ÷ orders to 9 decimals, halves away from zero, NULL without
 *       orders.
 *   <li>A week (from Monday) or month counts each order and creator once, whatever the days.
 * </ul>
 *
 * Only the business dates from {@code firstBuilt} to {@code lastBuilt} count: the dates a build
 * wrote into the warehouse (a period that runs on holds the days built so far).
 */
final class GlossaryKpis {
  /** A countable order item with what the KPIs need. */
  private record Line(LocalDate date, long orderId, Long creatorId, String itemType, long quantity, BigDecimal amount) {}

  private final List<Line> lines = new ArrayList<>();
  private final List<String> itemTypes;

  GlossaryKpis(FixtureLake lake, LocalDate firstBuilt, LocalDate lastBuilt) {
    for (FixtureLake.OrderItem item : lake.orderItems()) {
      FixtureLake.Order order = lake.findOrder(item.orderId()).orElseThrow();
      LocalDate date = order.businessDate();
      if (!order.countable() || date.isBefore(firstBuilt) || date.isAfter(lastBuilt)) {
        continue;
      }
      Optional<FixtureLake.Product> product = lake.findProduct(item.productId());
      lines.add(
          new Line(
              date,
              order.orderId(),
              product.map(FixtureLake.Product::creatorId).orElse(null),
              product.flatMap(p -> lake.findItem(p.itemId())).map(FixtureLake.Item::itemType).orElse(null),
              item.quantity(),
              item.lineAmount()));
    }
    itemTypes =
        lake.items().stream().map(FixtureLake.Item::itemType).filter(Objects::nonNull).distinct().sorted().collect(Collectors.toList());
  }

  static LocalDate weekStart(LocalDate date) {
    return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  static LocalDate monthStart(LocalDate date) {
    return date.withDayOfMonth(1);
  }

  /** Like mart kpi_daily: one row per date from start to end. */
  TableData daily(LocalDate start, LocalDate end) {
    List<List<Object>> rows = new ArrayList<>();
    for (LocalDate date = start; !date.isAfter(end); date = date.plusDays(1)) {
      LocalDate day = date;
      List<Line> ofDay = linesBetween(day, day);
      List<Object> row = new ArrayList<>();
      row.add(day);
      row.addAll(headline(ofDay));
      // active_creators_28d comes after active_creators: distinct creators of d-27 ... d.
      row.add(5, (long) creators(linesBetween(day.minusDays(27), day)).size());
      rows.add(row);
    }
    return new TableData(
        columns(
            "business_date", LogicalType.DATE, "gmv", LogicalType.NUMERIC, "orders", LogicalType.INT64,
            "aov", LogicalType.NUMERIC, "active_creators", LogicalType.INT64, "active_creators_28d", LogicalType.INT64,
            "items_sold", LogicalType.INT64),
        rows);
  }

  /** Like mart kpi_weekly: one row per week (Monday to Sunday) touching start … end. */
  TableData weekly(LocalDate start, LocalDate end) {
    return periods("week_start", start, end, GlossaryKpis::weekStart, d -> d.plusWeeks(1), d -> d.plusDays(6));
  }

  /** Like mart kpi_monthly: one row per calendar month touching start … end. */
  TableData monthly(LocalDate start, LocalDate end) {
    return periods(
        "month_start", start, end, GlossaryKpis::monthStart, d -> d.plusMonths(1), d -> d.with(TemporalAdjusters.lastDayOfMonth()));
  }

  /** Like mart kpi_daily_by_item_type: every date with every item type of items. */
  TableData dailyByItemType(LocalDate start, LocalDate end) {
    List<List<Object>> rows = new ArrayList<>();
    for (LocalDate date = start; !date.isAfter(end); date = date.plusDays(1)) {
      for (String itemType : itemTypes) {
        List<Line> sold = linesBetween(date, date).stream().filter(l -> itemType.equals(l.itemType())).collect(Collectors.toList());
        rows.add(List.of(date, itemType, itemsSold(sold), gmv(sold)));
      }
    }
    return new TableData(
        columns("business_date", LogicalType.DATE, "item_type", LogicalType.STRING, "items_sold", LogicalType.INT64, "gmv", LogicalType.NUMERIC),
        rows);
  }

  /**
   * Active creators per month and item type, every item type in every month touching start …
   * end: "active creators per item type per month", a question no mart answers.
   */
  TableData monthlyActiveCreatorsByItemType(LocalDate start, LocalDate end) {
    List<List<Object>> rows = new ArrayList<>();
    for (LocalDate month = monthStart(start); !month.isAfter(monthStart(end)); month = month.plusMonths(1)) {
      List<Line> ofMonth = linesBetween(month, month.with(TemporalAdjusters.lastDayOfMonth()));
      for (String itemType : itemTypes) {
        rows.add(List.of(month, itemType, (long) creators(ofMonth.stream().filter(l -> itemType.equals(l.itemType())).toList()).size()));
      }
    }
    return new TableData(
        columns("month_start", LogicalType.DATE, "item_type", LogicalType.STRING, "active_creators", LogicalType.INT64), rows);
  }

  /** GMV of one item type per week touching start … end: "GMV of t-shirts per week". */
  TableData weeklyGmvOf(String itemType, LocalDate start, LocalDate end) {
    List<List<Object>> rows = new ArrayList<>();
    for (LocalDate week = weekStart(start); !week.isAfter(weekStart(end)); week = week.plusWeeks(1)) {
      rows.add(List.of(week, gmv(linesBetween(week, week.plusDays(6)).stream().filter(l -> itemType.equals(l.itemType())).toList())));
    }
    return new TableData(columns("week_start", LogicalType.DATE, "gmv", LogicalType.NUMERIC), rows);
  }

  /**
   * The sum over a period's days of the daily active creators: what a wrong, additive period
   * count would give (a test shows its fixture tells the two apart).
   */
  long sumOfDailyActiveCreators(LocalDate from, LocalDate to) {
    long sum = 0;
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      sum += creators(linesBetween(date, date)).size();
    }
    return sum;
  }

  private TableData periods(
      String dateColumn,
      LocalDate start,
      LocalDate end,
      UnaryOperator<LocalDate> periodStart,
      UnaryOperator<LocalDate> next,
      UnaryOperator<LocalDate> periodEnd) {
    List<List<Object>> rows = new ArrayList<>();
    for (LocalDate period = periodStart.apply(start); !period.isAfter(periodStart.apply(end)); period = next.apply(period)) {
      List<Object> row = new ArrayList<>();
      row.add(period);
      row.addAll(headline(linesBetween(period, periodEnd.apply(period))));
      rows.add(row);
    }
    return new TableData(
        columns(
            dateColumn, LogicalType.DATE, "gmv", LogicalType.NUMERIC, "orders", LogicalType.INT64,
            "aov", LogicalType.NUMERIC, "active_creators", LogicalType.INT64, "items_sold", LogicalType.INT64),
        rows);
  }

  /** gmv, orders, aov, active_creators, items_sold of the lines. */
  private static List<Object> headline(List<Line> lines) {
    BigDecimal gmv = gmv(lines);
    long orders = lines.stream().map(Line::orderId).distinct().count();
    BigDecimal aov = orders == 0 ? null : gmv.divide(BigDecimal.valueOf(orders), 9, RoundingMode.HALF_UP);
    List<Object> out = new ArrayList<>();
    out.add(gmv);
    out.add(orders);
    out.add(aov);
    out.add((long) creators(lines).size());
    out.add(itemsSold(lines));
    return out;
  }

  private List<Line> linesBetween(LocalDate from, LocalDate to) {
    return lines.stream().filter(l -> !l.date().isBefore(from) && !l.date().isAfter(to)).collect(Collectors.toList());
  }

  private static BigDecimal gmv(List<Line> lines) {
    return lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static long itemsSold(List<Line> lines) {
    return lines.stream().mapToLong(Line::quantity).sum();
  }

  private static Set<Long> creators(List<Line> lines) {
    Set<Long> out = new HashSet<>();
    lines.stream().map(Line::creatorId).filter(Objects::nonNull).forEach(out::add);
    return out;
  }

  private static List<TableData.Column> columns(Object... nameAndType) {
    List<TableData.Column> out = new ArrayList<>();
    for (int i = 0; i < nameAndType.length; i += 2) {
      out.add(new TableData.Column((String) nameAndType[i], (LogicalType) nameAndType[i + 1]));
    }
    return out;
  }
}
