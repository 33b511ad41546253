package dev.kpi.definitions;

import dev.kpi.definitions.shop.Lake;
import dev.kpi.model.lake.LakeColumn;
import dev.kpi.model.lake.LakeTable;
import dev.kpi.sql.testing.TableData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;

/**
 * A small lake held in memory: creators, items, products, orders and their order items, as the
 * lake contract declares them. {@link #tables()} gives them with the columns of {@link Lake#ALL}
 * (the migration's), for any engine to load; the records let a test compute the KPIs from the
 * same rows in plain Java.
 *
 * <p>An order item is written with its order, so its {@code created_at} is the order's
 * {@code ordered_at}, as in the shop's database.
 */
final class FixtureLake {
  /**
   * The fixture as the embedded engine reads a lake: a Parquet file per table in {@code dir},
   * each column of its lake type. Returns the folder.
   */
  java.nio.file.Path writeParquet(java.nio.file.Path dir) throws java.io.IOException, java.sql.SQLException {
    java.nio.file.Files.createDirectories(dir);
    dev.kpi.sql.dialect.DuckDbDialect duckDb = dev.kpi.sql.dialect.DuckDbDialect.standard();
    Map<String, TableData> tables = tables();
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement statement = connection.createStatement()) {
      for (LakeTable table : Lake.ALL) {
        List<String> columns = new ArrayList<>();
        for (LakeColumn column : table.columns()) {
          columns.add(duckDb.identifier(column.name()) + " " + duckDb.typeName(column.type()));
        }
        statement.execute("CREATE OR REPLACE TABLE " + table.name() + " (" + String.join(", ", columns) + ")");
        dev.kpi.sql.testing.DuckDbBuildRunner.insert(connection, table.name(), tables.get(table.name()));
        statement.execute("COPY " + table.name() + " TO '" + dir.resolve(table.name() + ".parquet") + "' (FORMAT parquet)");
      }
    }
    return dir;
  }

  /** The shop's lake as production has it: its Flyway migration, into the database at {@code url}. */
  static void migrate(String url) {
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/lake").schemas("lake").load().migrate();
  }

  static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final Instant SIGN_UP = Instant.parse("2020-01-01T00:00:00Z");

  record Creator(long creatorId, String name, Instant createdAt) {}

  record Item(long itemId, String itemType, BigDecimal basePrice) {}

  record Product(long productId, long creatorId, long itemId, BigDecimal price, Instant createdAt) {}

  record Order(long orderId, long buyerId, String status, Instant orderedAt) {
    /** The glossary's business date: the calendar date of ordered_at in Asia/Tokyo. */
    LocalDate businessDate() {
      return orderedAt.atZone(JST).toLocalDate();
    }

    /** Paid or shipped: the orders every KPI counts. */
    boolean countable() {
      return status.equals("paid") || status.equals("shipped");
    }
  }

  record OrderItem(long orderItemId, long orderId, long productId, long quantity, BigDecimal unitPrice, Instant createdAt) {
    BigDecimal lineAmount() {
      return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
  }

  private final List<Creator> creators = new ArrayList<>();
  private final List<Item> items = new ArrayList<>();
  private final List<Product> products = new ArrayList<>();
  private final List<Order> orders = new ArrayList<>();
  private final List<OrderItem> orderItems = new ArrayList<>();
  private long nextOrderItemId = 1;

  FixtureLake creator(long creatorId, String name) {
    creators.add(new Creator(creatorId, name, SIGN_UP));
    return this;
  }

  FixtureLake item(long itemId, String itemType, String basePrice) {
    items.add(new Item(itemId, itemType, new BigDecimal(basePrice)));
    return this;
  }

  FixtureLake product(long productId, long creatorId, long itemId, String price) {
    products.add(new Product(productId, creatorId, itemId, new BigDecimal(price), SIGN_UP));
    return this;
  }

  /** An order placed at an instant (UTC); add its lines with {@link OrderBuilder#line}. */
  OrderBuilder order(long orderId, String status, Instant orderedAt) {
    return order(orderId, 5000 + orderId % 7, status, orderedAt);
  }

  OrderBuilder order(long orderId, long buyerId, String status, Instant orderedAt) {
    Order order = new Order(orderId, buyerId, status, orderedAt);
    orders.add(order);
    return new OrderBuilder(order);
  }

  /** An order placed at a wall-clock time in Tokyo. */
  OrderBuilder orderAtJst(long orderId, String status, LocalDate date, LocalTime time) {
    return order(orderId, status, date.atTime(time).atZone(JST).toInstant());
  }

  final class OrderBuilder {
    private final Order order;

    private OrderBuilder(Order order) {
      this.order = order;
    }

    /** An order item: {@code quantity} units of a product at {@code unitPrice} JPY each. */
    OrderBuilder line(long productId, long quantity, String unitPrice) {
      orderItems.add(
          new OrderItem(nextOrderItemId++, order.orderId(), productId, quantity, new BigDecimal(unitPrice), order.orderedAt()));
      return this;
    }
  }

  /** Changes an order's status, as the shop's database does after the order day (a late cancellation). */
  FixtureLake status(long orderId, String status) {
    if (findOrder(orderId).isEmpty()) {
      throw new IllegalArgumentException("the fixture has no order " + orderId);
    }
    orders.replaceAll(o -> o.orderId() == orderId ? new Order(o.orderId(), o.buyerId(), status, o.orderedAt()) : o);
    return this;
  }

  List<Creator> creators() {
    return Collections.unmodifiableList(creators);
  }

  List<Item> items() {
    return Collections.unmodifiableList(items);
  }

  List<Product> products() {
    return Collections.unmodifiableList(products);
  }

  List<Order> orders() {
    return Collections.unmodifiableList(orders);
  }

  List<OrderItem> orderItems() {
    return Collections.unmodifiableList(orderItems);
  }

  Optional<Order> findOrder(long orderId) {
    return orders.stream().filter(o -> o.orderId() == orderId).findFirst();
  }

  Optional<Product> findProduct(long productId) {
    return products.stream().filter(p -> p.productId() == productId).findFirst();
  }

  Optional<Item> findItem(long itemId) {
    return items.stream().filter(i -> i.itemId() == itemId).findFirst();
  }

  /** The lake tables by name, with the columns (names, order, types) of the lake contract. */
  Map<String, TableData> tables() {
    Map<String, TableData> out = new LinkedHashMap<>();
    out.put(Lake.CREATORS_TABLE.name(), table(Lake.CREATORS_TABLE, creators, c -> Map.of(
        "creator_id", c.creatorId(), "name", c.name(), "created_at", c.createdAt())));
    out.put(Lake.ITEMS_TABLE.name(), table(Lake.ITEMS_TABLE, items, i -> Map.of(
        "item_id", i.itemId(), "item_type", i.itemType(), "base_price", i.basePrice())));
    out.put(Lake.PRODUCTS_TABLE.name(), table(Lake.PRODUCTS_TABLE, products, p -> Map.of(
        "product_id", p.productId(), "creator_id", p.creatorId(), "item_id", p.itemId(),
        "price", p.price(), "created_at", p.createdAt())));
    out.put(Lake.ORDERS_TABLE.name(), table(Lake.ORDERS_TABLE, orders, o -> Map.of(
        "order_id", o.orderId(), "buyer_id", o.buyerId(), "status", o.status(), "ordered_at", o.orderedAt())));
    out.put(Lake.ORDER_ITEMS_TABLE.name(), table(Lake.ORDER_ITEMS_TABLE, orderItems, i -> Map.of(
        "order_item_id", i.orderItemId(), "order_id", i.orderId(), "product_id", i.productId(),
        "quantity", i.quantity(), "unit_price", i.unitPrice(), "created_at", i.createdAt())));
    return out;
  }

  private static <T> TableData table(LakeTable table, List<T> records, java.util.function.Function<T, Map<String, Object>> values) {
    List<TableData.Column> columns =
        table.columns().stream().map(c -> new TableData.Column(c.name(), c.type())).collect(Collectors.toList());
    List<List<Object>> rows = new ArrayList<>();
    for (T record : records) {
      Map<String, Object> map = values.apply(record);
      if (!map.keySet().equals(table.columns().stream().map(LakeColumn::name).collect(Collectors.toSet()))) {
        throw new IllegalStateException(
            "the fixture writes columns " + map.keySet() + " of lake table " + table.name() + ", the lake has " + columns);
      }
      List<Object> row = new ArrayList<>();
      for (LakeColumn column : table.columns()) {
        row.add(map.get(column.name()));
      }
      rows.add(row);
    }
    return new TableData(columns, rows);
  }
}
