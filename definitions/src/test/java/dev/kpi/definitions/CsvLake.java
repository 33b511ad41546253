package dev.kpi.definitions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small hand-written lake of the shop, written as CSV files with a header (one per lake table,
 * timestamps as ISO instants such as 2021-02-24T15:30:00Z), as Embulk could write it.
 */
final class CsvLake {
  static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final String SIGN_UP = "2020-01-01T00:00:00Z";

  private final List<String> creators = new ArrayList<>();
  private final List<String> items = new ArrayList<>();
  private final List<String> products = new ArrayList<>();
  private final Map<Long, Order> orders = new LinkedHashMap<>();
  private final List<String> orderItems = new ArrayList<>();
  private long nextOrderItemId = 1;

  /** An order; its status can change later, as the shop's database changes it. */
  static final class Order {
    final long orderId;
    String status;
    final Instant orderedAt;
    BigDecimal amount = BigDecimal.ZERO;

    Order(long orderId, String status, Instant orderedAt) {
      this.orderId = orderId;
      this.status = status;
      this.orderedAt = orderedAt;
    }
  }

  /** The instant of a wall-clock time in Tokyo. */
  static Instant jst(LocalDate date, int hour, int minute) {
    return date.atTime(LocalTime.of(hour, minute)).atZone(JST).toInstant();
  }

  CsvLake creator(long creatorId, String name) {
    creators.add(creatorId + "," + name + "," + SIGN_UP);
    return this;
  }

  CsvLake item(long itemId, String itemType, String basePrice) {
    items.add(itemId + "," + itemType + "," + basePrice);
    return this;
  }

  CsvLake product(long productId, long creatorId, long itemId, String price) {
    products.add(productId + "," + creatorId + "," + itemId + "," + price + "," + SIGN_UP);
    return this;
  }

  /**
   * An order at an instant with its lines, each {productId, quantity, unitPrice} as strings;
   * returns it (its amount is Σ quantity × unit price).
   */
  Order order(long orderId, String status, Instant orderedAt, String[]... lines) {
    if (orders.containsKey(orderId)) {
      throw new IllegalArgumentException("order " + orderId + " exists");
    }
    Order order = new Order(orderId, status, orderedAt);
    orders.put(orderId, order);
    for (String[] line : lines) {
      orderItems.add((nextOrderItemId++) + "," + orderId + "," + line[0] + "," + line[1] + "," + line[2] + "," + orderedAt);
      order.amount = order.amount.add(new BigDecimal(line[2]).multiply(new BigDecimal(line[1])));
    }
    return order;
  }

  static String[] line(long productId, long quantity, String unitPrice) {
    return new String[] {String.valueOf(productId), String.valueOf(quantity), unitPrice};
  }

  /** Changes an order's status (a cancellation, a refund), as the next lake load shows it. */
  CsvLake status(long orderId, String status) {
    Order order = orders.get(orderId);
    if (order == null) {
      throw new IllegalArgumentException("no order " + orderId);
    }
    order.status = status;
    return this;
  }

  /** Writes (or rewrites) the five CSV files into {@code dir}. */
  Path writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      write(dir.resolve("creators.csv"), "creator_id,name,created_at", creators);
      write(dir.resolve("items.csv"), "item_id,item_type,base_price", items);
      write(dir.resolve("products.csv"), "product_id,creator_id,item_id,price,created_at", products);
      List<String> orderRows = new ArrayList<>();
      for (Order order : orders.values()) {
        orderRows.add(order.orderId + "," + (7000 + order.orderId % 13) + "," + order.status + "," + order.orderedAt);
      }
      write(dir.resolve("orders.csv"), "order_id,buyer_id,status,ordered_at", orderRows);
      write(dir.resolve("order_items.csv"), "order_item_id,order_id,product_id,quantity,unit_price,created_at", orderItems);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  private static void write(Path file, String header, List<String> rows) throws IOException {
    StringBuilder text = new StringBuilder(header).append('\n');
    rows.forEach(row -> text.append(row).append('\n'));
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
