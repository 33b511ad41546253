package dev.kpi.runtime.lake;

import dev.kpi.runtime.KpiException;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A deterministic generator of realistic shop data (creators, item types, products, orders and
 * order items of a print-on-demand marketplace), written as a lake: one Parquet file per table
 * with exactly the lake contract's column types (BIGINT, DECIMAL(38, 9), VARCHAR, TIMESTAMP WITH
 * TIME ZONE).
 *
 * <p>The same settings always give the same rows: everything is drawn from one {@link
 * SplittableRandom} seeded with {@link #seed()} (split into independent streams per table), never
 * from the clock; math uses {@link StrictMath} so other JVMs give the same numbers.
 *
 * <p>Orders are placed on the JST business dates {@link #from()} … {@link #to()} (inclusive): about
 * {@code 300 × scale} on an ordinary weekday, more on weekends and in December, following a JST
 * daily curve with busy evenings, and with a few orders in the first and last five minutes of
 * every business date (around 15:00 UTC), so date boundaries are always exercised. About 5% of
 * orders are cancelled or refunded (at any age: the lake shows statuses as they are now); orders of
 * the last three business dates up to {@code to} are mostly still {@code paid}, older ones {@code
 * shipped}. Ids are sequential in time and orders and order items are written in {@code
 * ordered_at} order, so Parquet row-group statistics let readers skip dates.
 *
 * <p>Rows are generated in Java one business date at a time and streamed into an in-memory DuckDB
 * database with its appender (the Java heap holds only creators, products and one day of orders),
 * then copied to Parquet.
 */
public final class SampleLake {
  public static final long DEFAULT_SEED = 20261125L;

  private static final String MANIFEST = "manifest.properties";
  private static final List<String> TABLES = List.of("creators", "items", "products", "orders", "order_items");
  private static final Set<String> OWN_FILES =
      Set.of("creators.parquet", "items.parquet", "products.parquet", "orders.parquet", "order_items.parquet", MANIFEST);

  private static final ZoneOffset JST = ZoneOffset.ofHours(9);
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
  private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
  private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

  /** Orders on an ordinary weekday at scale 1. */
  private static final double ORDERS_PER_DAY = 300;
  private static final double CREATORS = 400;
  private static final double BUYERS = 20_000;
  /** Orders placed in the first and in the last minutes of every business date. */
  private static final int EDGE_ORDERS = 2;
  private static final long EDGE_WINDOW = 5 * MICROS_PER_MINUTE;
  private static final double CANCELLED_OR_REFUNDED = 0.05;
  /** Share of orders still {@code paid} (not shipped yet) by age in days before {@code to}. */
  private static final double[] PAID_BY_AGE = {0.95, 0.85, 0.65};

  /** The JST daily curve: relative order volume per hour of the day (busy evenings). */
  private static final double[] HOURLY = {
    5.0, 3.2, 2.0, 1.3, 1.0, 1.0, 1.4, 2.2, 3.0, 3.4, 3.8, 4.2,
    5.6, 5.0, 4.4, 4.4, 4.6, 5.0, 6.0, 7.2, 8.6, 9.6, 9.2, 7.4
  };

  /** The 41 item types: type, base price (JPY), how popular it is (products made and sold). */
  private static final Object[][] ITEMS = {
    {"t-shirt", 2500, 14.0},
    {"long-sleeve-t-shirt", 3000, 4.0},
    {"hoodie", 5000, 5.0},
    {"sweatshirt", 4200, 3.0},
    {"tank-top", 2200, 1.0},
    {"kids-t-shirt", 2200, 2.0},
    {"tote-bag", 2000, 6.0},
    {"eco-bag", 1800, 2.0},
    {"pouch", 1600, 2.0},
    {"mug", 1500, 5.0},
    {"tumbler", 2800, 1.5},
    {"glass", 1400, 1.0},
    {"sticker", 300, 12.0},
    {"sticker-sheet", 600, 4.0},
    {"can-badge", 350, 6.0},
    {"acrylic-keychain", 700, 10.0},
    {"acrylic-stand", 1200, 7.0},
    {"smartphone-case", 2600, 8.0},
    {"smartphone-ring", 900, 1.5},
    {"poster", 1200, 2.0},
    {"art-print", 1800, 1.5},
    {"canvas", 4500, 0.7},
    {"postcard", 150, 3.0},
    {"notebook", 700, 1.5},
    {"clear-file", 350, 3.0},
    {"calendar", 1500, 1.0},
    {"cushion", 3200, 1.0},
    {"blanket", 4800, 0.6},
    {"towel", 1500, 2.0},
    {"handkerchief", 800, 1.0},
    {"socks", 1100, 1.5},
    {"cap", 2800, 1.0},
    {"bucket-hat", 2900, 0.8},
    {"apron", 2600, 0.5},
    {"bib", 1300, 0.4},
    {"mask", 900, 0.4},
    {"mouse-pad", 1300, 1.0},
    {"coaster", 500, 1.0},
    {"wall-clock", 3500, 0.4},
    {"phone-strap", 700, 1.0},
    {"sacoche", 3300, 0.8},
  };

  private static final String[] NAME_FIRST = {
    "aoi", "sora", "hoshi", "kumo", "neko", "usagi", "momo", "yuki", "hana", "kaze", "tsuki", "mori",
    "umi", "riku", "mint", "pixel", "retro", "lemon", "tofu", "mochi", "kuma", "tanuki", "sakura",
    "ringo", "koi", "fuji", "nami", "hikari", "yoru", "asa", "matcha", "dango", "shiba", "kitsune"
  };
  private static final String[] NAME_SECOND = {
    "studio", "design", "works", "lab", "graphics", "art", "factory", "illust", "shop", "craft",
    "print", "club", "room", "store", "atelier", "goods", "house", "base"
  };

  private final LocalDate from;
  private final LocalDate to;
  private final double scale;
  private final long seed;

  private SampleLake(LocalDate from, LocalDate to, double scale, long seed) {
    this.from = from;
    this.to = to;
    this.scale = scale;
    this.seed = seed;
  }

  /** Settings; scale 1.0 ≈ 300 orders a day on an ordinary weekday (≈ 200,000 order items a year). */
  public static SampleLake of(LocalDate from, LocalDate to, double scale, long seed) {
    if (from == null) {
      throw new IllegalArgumentException("from must be a date, got null");
    }
    if (to == null) {
      throw new IllegalArgumentException("to must be a date, got null");
    }
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
    }
    if (!(scale > 0 && scale <= 1000)) {
      throw new IllegalArgumentException("scale must be more than 0 and at most 1000, got " + scale);
    }
    return new SampleLake(from, to, scale, seed);
  }

  public LocalDate from() {
    return from;
  }

  public LocalDate to() {
    return to;
  }

  public double scale() {
    return scale;
  }

  public long seed() {
    return seed;
  }

  /**
   * Writes creators.parquet, items.parquet, products.parquet, orders.parquet, order_items.parquet
   * and manifest.properties (from, to, scale, seed, row counts) into dir (created if needed);
   * returns the row counts per table. Writes into a temporary sibling folder first and renames it
   * into place, so an interrupted run never leaves a half-written lake.
   *
   * <p>An existing {@code dir} is replaced when it is empty or holds only the files written here;
   * a folder holding anything else is left alone and the call fails.
   */
  public Map<String, Long> writeTo(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null) {
      throw new IllegalArgumentException("dir must not be the root folder, got " + dir);
    }
    checkReplaceable(target);
    // Ctrl-C or a scheduler's SIGTERM mid-way removes the temporary folder too (kill -9 can
    // still leave it: it is hidden, and never read as a lake). Registered before the folder
    // exists, so no signal falls between the two.
    AtomicReference<Path> writing = new AtomicReference<>();
    Thread cleanup =
        new Thread(() -> Optional.ofNullable(writing.get()).ifPresent(SampleLake::deleteWhileWritten), "kpi-sample-lake-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      Path temp;
      try {
        Files.createDirectories(parent);
        temp = createSibling(parent, "." + target.getFileName() + ".writing-");
        writing.set(temp);
      } catch (IOException e) {
        throw new KpiException("cannot create a folder next to " + target + " to write the sample lake in: " + e.getMessage(), e);
      }
      try {
        Map<String, Long> counts = generate(temp);
        writeManifest(temp.resolve(MANIFEST), counts);
        moveIntoPlace(temp, target);
        return counts;
      } catch (RuntimeException e) {
        deleteQuietly(temp);
        throw e;
      }
    } finally {
      removeHook(cleanup);
    }
  }

  /**
   * On shutdown the generating thread keeps writing until the JVM halts, so a file can appear
   * after a pass: delete again until the folder stays gone (or give up after 5 s).
   */
  private static void deleteWhileWritten(Path temp) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    do {
      deleteQuietly(temp);
      if (!Files.exists(temp)) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    } while (System.nanoTime() < deadline);
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs and finds nothing or the temp folder.
    }
  }

  /** Reads manifest.properties of a lake written by writeTo, or empty when there is none. */
  public static Optional<SampleLake> readManifest(Path dir) {
    Path file = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new KpiException("cannot read the sample lake manifest " + file + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(
          of(
              LocalDate.parse(required(properties, "from", file)),
              LocalDate.parse(required(properties, "to", file)),
              Double.parseDouble(required(properties, "scale", file)),
              Long.parseLong(required(properties, "seed", file))));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new KpiException("the sample lake manifest " + file + " is invalid: " + e.getMessage() + "; write the lake again", e);
    }
  }

  private static String required(Properties properties, String key, Path file) {
    String value = properties.getProperty(key);
    if (value == null) {
      throw new KpiException("the sample lake manifest " + file + " has no '" + key + "'; write the lake again");
    }
    return value.trim();
  }

  // ---------------------------------------------------------------------------------------------
  // Generation

  private Map<String, Long> generate(Path out) {
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom creatorRandom = root.split();
    SplittableRandom productRandom = root.split();
    SplittableRandom orderRandom = root.split();

    long lakeStart = startOfBusinessDate(from);
    Creators creators = creators(creatorRandom, lakeStart);
    Products products = products(productRandom, creators, lakeStart);

    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TimeZone = 'UTC'");
        statement.execute("SET temp_directory = " + literal(out.resolve(".spill").toString()));
        statement.execute("CREATE TABLE creators (creator_id BIGINT NOT NULL, name VARCHAR, created_at TIMESTAMP WITH TIME ZONE)");
        statement.execute("CREATE TABLE items (item_id BIGINT NOT NULL, item_type VARCHAR, base_price DECIMAL(38, 9))");
        statement.execute(
            "CREATE TABLE products (product_id BIGINT NOT NULL, creator_id BIGINT, item_id BIGINT, price DECIMAL(38, 9), created_at TIMESTAMP WITH TIME ZONE)");
        statement.execute("CREATE TABLE orders (order_id BIGINT NOT NULL, buyer_id BIGINT, status VARCHAR, ordered_at TIMESTAMP WITH TIME ZONE)");
        statement.execute(
            "CREATE TABLE order_items (order_item_id BIGINT NOT NULL, order_id BIGINT, product_id BIGINT, quantity BIGINT, unit_price DECIMAL(38, 9), created_at TIMESTAMP WITH TIME ZONE)");
      }
      DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
      try (DuckDBAppender appender = duck.createAppender("items")) {
        for (int i = 0; i < ITEMS.length; i++) {
          appender.beginRow().append((long) (i + 1)).append((String) ITEMS[i][0]).append(money((Integer) ITEMS[i][1])).endRow();
        }
      }
      try (DuckDBAppender appender = duck.createAppender("creators")) {
        for (int c = 0; c < creators.count; c++) {
          appender.beginRow().append((long) (c + 1)).append(creators.names[c]).appendEpochMicros(creators.createdAt[c]).endRow();
        }
      }
      BigDecimal[] prices = new BigDecimal[products.count];
      try (DuckDBAppender appender = duck.createAppender("products")) {
        for (int p = 0; p < products.count; p++) {
          prices[p] = money(products.price[p]);
          appender
              .beginRow()
              .append((long) (p + 1))
              .append((long) (products.creator[p] + 1))
              .append((long) (products.item[p] + 1))
              .append(prices[p])
              .appendEpochMicros(products.createdAt[p])
              .endRow();
        }
      }
      try (DuckDBAppender orders = duck.createAppender("orders");
          DuckDBAppender orderItems = duck.createAppender("order_items")) {
        orders(orderRandom, products, prices, orders, orderItems);
      }

      try (Statement statement = connection.createStatement()) {
        copy(statement, "creators", "creator_id", out);
        copy(statement, "items", "item_id", out);
        copy(statement, "products", "product_id", out);
        copy(statement, "orders", "ordered_at, order_id", out);
        copy(statement, "order_items", "created_at, order_item_id", out);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
          try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            counts.put(table, rows.getLong(1));
          }
        }
        return Collections.unmodifiableMap(counts);
      }
    } catch (SQLException e) {
      throw new KpiException("writing the sample lake failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(out.resolve(".spill"));
    }
  }

  private static void copy(Statement statement, String table, String orderBy, Path out) throws SQLException {
    statement.execute(
        "COPY (SELECT * FROM " + table + " ORDER BY " + orderBy + ") TO "
            + literal(out.resolve(table + ".parquet").toString()) + " (FORMAT parquet, COMPRESSION zstd)");
  }

  private static final class Creators {
    final int count;
    final long[] createdAt;
    final String[] names;
    /** How much the creator's products sell, relative to others (heavy-tailed). */
    final double[] popularity;
    /** How many products the creator has. */
    final int[] productCount;

    Creators(int count) {
      this.count = count;
      this.createdAt = new long[count];
      this.names = new String[count];
      this.popularity = new double[count];
      this.productCount = new int[count];
    }
  }

  /** Creators signed up over the two years before the lake starts, more of them recently. */
  private Creators creators(SplittableRandom random, long lakeStart) {
    int count = (int) Math.max(1, Math.round(CREATORS * scale));
    Creators creators = new Creators(count);
    long span = 729 * MICROS_PER_DAY;
    for (int c = 0; c < count; c++) {
      // u^1.3 leans towards recent sign-ups (the shop grows); all at least a day before the
      // lake starts, so their products fit in between.
      double u = StrictMath.pow(random.nextDouble(), 1.3);
      creators.createdAt[c] = lakeStart - MICROS_PER_DAY - (long) (u * span);
    }
    // Ids are sequential in sign-up order.
    Arrays.sort(creators.createdAt);
    for (int c = 0; c < count; c++) {
      String name = NAME_FIRST[random.nextInt(NAME_FIRST.length)];
      switch (random.nextInt(4)) {
        case 0:
          name = capitalize(name) + " " + capitalize(NAME_SECOND[random.nextInt(NAME_SECOND.length)]);
          break;
        case 1:
          name = name + "_" + NAME_SECOND[random.nextInt(NAME_SECOND.length)];
          break;
        case 2:
          name = name + NAME_FIRST[random.nextInt(NAME_FIRST.length)] + (random.nextInt(99) + 1);
          break;
        default:
          name = capitalize(name) + " " + capitalize(NAME_FIRST[random.nextInt(NAME_FIRST.length)]);
          break;
      }
      creators.names[c] = name;
      // Most creators have a few products, a long tail has dozens to hundreds.
      double tier = random.nextDouble();
      int products;
      double boost;
      if (tier < 0.80) {
        products = 1 + random.nextInt(5);
        boost = 1;
      } else if (tier < 0.94) {
        products = 6 + random.nextInt(24);
        boost = 1.5;
      } else {
        products = 30 + (int) (171 * StrictMath.pow(random.nextDouble(), 2));
        boost = 3;
      }
      creators.productCount[c] = products;
      // Pareto(1.2), capped: a few creators sell far more than the rest.
      double pareto = StrictMath.min(200, StrictMath.pow(1 - random.nextDouble(), -1 / 1.2));
      creators.popularity[c] = pareto * boost;
    }
    return creators;
  }

  private static final class Products {
    final int count;
    final int[] creator;
    final int[] item;
    final long[] price;
    final long[] createdAt;
    /** Cumulative sales weights, for picking a product with popularity skew. */
    final double[] cumulative;
    /** Each creator's products (indexes), for orders of several products by one creator. */
    final int[][] byCreator;

    Products(int count, int creators) {
      this.count = count;
      this.creator = new int[count];
      this.item = new int[count];
      this.price = new long[count];
      this.createdAt = new long[count];
      this.cumulative = new double[count];
      this.byCreator = new int[creators][];
    }
  }

  /** Each creator's products: created after the creator signed up and before the lake starts. */
  private static Products products(SplittableRandom random, Creators creators, long lakeStart) {
    double[] itemCumulative = new double[ITEMS.length];
    double total = 0;
    for (int i = 0; i < ITEMS.length; i++) {
      total += (Double) ITEMS[i][2];
      itemCumulative[i] = total;
    }
    int count = 0;
    for (int c = 0; c < creators.count; c++) {
      count += creators.productCount[c];
    }
    int[] creator = new int[count];
    int[] item = new int[count];
    long[] price = new long[count];
    long[] createdAt = new long[count];
    double[] weight = new double[count];
    int n = 0;
    for (int c = 0; c < creators.count; c++) {
      int many = creators.productCount[c];
      double perProduct = creators.popularity[c] / StrictMath.sqrt(many);
      for (int k = 0; k < many; k++, n++) {
        int i = pick(itemCumulative, random.nextDouble() * total);
        int base = (Integer) ITEMS[i][1];
        // Margins in multiples of 10 yen, from 100 up to about 60% of the base price (at most
        // 3000), most of them low.
        int maxMargin = (int) Math.max(200, Math.min(3000, Math.round(base * 0.6 / 10) * 10));
        int steps = (maxMargin - 100) / 10 + 1;
        int margin = 100 + 10 * (int) (steps * StrictMath.pow(random.nextDouble(), 1.8));
        creator[n] = c;
        item[n] = i;
        price[n] = base + Math.min(margin, maxMargin);
        long signedUp = creators.createdAt[c];
        createdAt[n] = signedUp + 1 + (long) (random.nextDouble() * (lakeStart - signedUp - 2));
        // Lognormal noise: within a creator, some designs sell much better than others.
        weight[n] = perProduct * (Double) ITEMS[i][2] * StrictMath.exp(0.8 * gaussian(random));
      }
    }
    // Ids are sequential in creation order (ties: generation order).
    Integer[] order = new Integer[count];
    for (int p = 0; p < count; p++) {
      order[p] = p;
    }
    Arrays.sort(order, (a, b) -> createdAt[a] != createdAt[b] ? Long.compare(createdAt[a], createdAt[b]) : Integer.compare(a, b));
    Products products = new Products(count, creators.count);
    int[] perCreator = new int[creators.count];
    double cumulative = 0;
    for (int p = 0; p < count; p++) {
      int source = order[p];
      products.creator[p] = creator[source];
      products.item[p] = item[source];
      products.price[p] = price[source];
      products.createdAt[p] = createdAt[source];
      cumulative += weight[source];
      products.cumulative[p] = cumulative;
      perCreator[creator[source]]++;
    }
    for (int c = 0; c < creators.count; c++) {
      products.byCreator[c] = new int[perCreator[c]];
      perCreator[c] = 0;
    }
    for (int p = 0; p < count; p++) {
      int c = products.creator[p];
      products.byCreator[c][perCreator[c]++] = p;
    }
    return products;
  }

  /** Orders and their items, one business date at a time, in time order. */
  private void orders(
      SplittableRandom random, Products products, BigDecimal[] prices, DuckDBAppender orders, DuckDBAppender orderItems)
      throws SQLException {
    double[] hourCumulative = new double[HOURLY.length];
    double hourTotal = 0;
    for (int h = 0; h < HOURLY.length; h++) {
      hourTotal += HOURLY[h];
      hourCumulative[h] = hourTotal;
    }
    long buyers = Math.max(1, Math.round(BUYERS * scale));
    double productTotal = products.cumulative[products.count - 1];
    long orderId = 0;
    long orderItemId = 0;
    int[] lines = new int[5];
    for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
      long start = startOfBusinessDate(date);
      double expected = ORDERS_PER_DAY * scale * weekdayFactor(date.getDayOfWeek()) * seasonalFactor(date) * (0.9 + 0.2 * random.nextDouble());
      int count = (int) Math.max(2 * EDGE_ORDERS, Math.round(expected));
      long[] times = new long[count];
      for (int k = 0; k < count; k++) {
        long offset;
        if (k < EDGE_ORDERS) {
          offset = (long) (random.nextDouble() * EDGE_WINDOW);
        } else if (k < 2 * EDGE_ORDERS) {
          offset = MICROS_PER_DAY - 1 - (long) (random.nextDouble() * EDGE_WINDOW);
        } else {
          int hour = pick(hourCumulative, random.nextDouble() * hourTotal);
          offset = hour * MICROS_PER_HOUR + (long) (random.nextDouble() * MICROS_PER_HOUR);
        }
        times[k] = start + offset;
      }
      Arrays.sort(times);
      long age = ChronoUnit.DAYS.between(date, to);
      for (int k = 0; k < count; k++) {
        long orderedAt = times[k];
        orderId++;
        long buyer = 1 + Math.min(buyers - 1, (long) (buyers * StrictMath.pow(random.nextDouble(), 1.6)));
        String status = status(random, age);
        orders.beginRow().append(orderId).append(buyer).append(status).appendEpochMicros(orderedAt).endRow();

        double u = random.nextDouble();
        int many = u < 0.60 ? 1 : u < 0.85 ? 2 : u < 0.93 ? 3 : u < 0.97 ? 4 : 5;
        for (int line = 0; line < many; line++) {
          int product = -1;
          for (int attempt = 0; attempt < 5; attempt++) {
            int candidate;
            if (line > 0 && random.nextDouble() < 0.5) {
              // Buyers often add more of the same creator's products.
              int[] own = products.byCreator[products.creator[lines[0]]];
              candidate = own[random.nextInt(own.length)];
            } else {
              candidate = pick(products.cumulative, random.nextDouble() * productTotal);
            }
            product = candidate;
            if (!contains(lines, line, candidate)) {
              break;
            }
          }
          lines[line] = product;
          double q = random.nextDouble();
          long quantity = q < 0.80 ? 1 : q < 0.95 ? 2 : 3;
          orderItemId++;
          orderItems
              .beginRow()
              .append(orderItemId)
              .append(orderId)
              .append((long) (product + 1))
              .append(quantity)
              .append(prices[product])
              .appendEpochMicros(orderedAt)
              .endRow();
        }
      }
    }
  }

  /** About 5% cancelled or refunded, at any age; recent orders mostly not shipped yet. */
  private static String status(SplittableRandom random, long age) {
    double u = random.nextDouble();
    if (u < CANCELLED_OR_REFUNDED) {
      // Only shipped orders get refunded; an order not shipped yet is cancelled.
      if (age < PAID_BY_AGE.length || u < CANCELLED_OR_REFUNDED * 0.55) {
        return "cancelled";
      }
      return "refunded";
    }
    if (age < PAID_BY_AGE.length && random.nextDouble() < PAID_BY_AGE[(int) age]) {
      return "paid";
    }
    return "shipped";
  }

  private static double weekdayFactor(DayOfWeek day) {
    switch (day) {
      case MONDAY:
        return 0.9;
      case FRIDAY:
        return 1.05;
      case SATURDAY:
      case SUNDAY:
        return 1.3;
      default:
        return 1.0;
    }
  }

  /** Smooth: about 1.5 through December (flat-topped), a small bump of 1.1 around early August. */
  static double seasonalFactor(LocalDate date) {
    double december = StrictMath.pow(daysFrom(date, 12, 16) / 16.0, 4);
    double summer = StrictMath.pow(daysFrom(date, 8, 5) / 30.0, 2);
    return 1 + 0.5 * StrictMath.exp(-december / 2) + 0.1 * StrictMath.exp(-summer / 2);
  }

  /** Days between the date and the nearest given month/day (in its year or a neighbouring one). */
  private static long daysFrom(LocalDate date, int month, int day) {
    long best = Long.MAX_VALUE;
    for (int year = date.getYear() - 1; year <= date.getYear() + 1; year++) {
      best = Math.min(best, Math.abs(ChronoUnit.DAYS.between(date, LocalDate.of(year, month, day))));
    }
    return best;
  }

  /** Epoch microseconds of JST midnight starting the business date. */
  private static long startOfBusinessDate(LocalDate date) {
    return date.atStartOfDay().toEpochSecond(JST) * MICROS_PER_SECOND;
  }

  /** The first index whose cumulative weight exceeds {@code target}. */
  private static int pick(double[] cumulative, double target) {
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > target) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  private static boolean contains(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  /** A standard normal draw (Box–Muller with StrictMath, the same on every JVM). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * v);
  }

  private static BigDecimal money(long yen) {
    return BigDecimal.valueOf(yen).setScale(9);
  }

  private static String capitalize(String word) {
    return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  // ---------------------------------------------------------------------------------------------
  // Files

  private void writeManifest(Path file, Map<String, Long> counts) {
    StringBuilder text = new StringBuilder();
    text.append("# A sample lake written by dev.kpi.runtime.lake.SampleLake: its settings and row counts.\n");
    text.append("from=").append(from).append('\n');
    text.append("to=").append(to).append('\n');
    text.append("scale=").append(scale).append('\n');
    text.append("seed=").append(seed).append('\n');
    for (Map.Entry<String, Long> count : counts.entrySet()) {
      text.append("rows.").append(count.getKey()).append('=').append(count.getValue()).append('\n');
    }
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KpiException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A new folder with the default permissions (unlike {@link Files#createTempDirectory}, which
   * makes it private to the owner, and the lake would stay so after the rename).
   */
  private static Path createSibling(Path parent, String prefix) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        return Files.createDirectory(unusedSibling(parent, prefix));
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  /** A name in {@code parent} starting with {@code prefix} that nothing has yet. */
  private static Path unusedSibling(Path parent, String prefix) {
    String unique = prefix + ProcessHandle.current().pid() + "-";
    for (int n = 0; ; n++) {
      Path path = parent.resolve(unique + n);
      if (!Files.exists(path)) {
        return path;
      }
    }
  }

  /** Fails before any work when {@code target} exists and holds anything not written here. */
  private static void checkReplaceable(Path target) {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new KpiException(target + " exists and is not a folder; pass a folder for the sample lake");
    }
    List<String> foreign = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!OWN_FILES.contains(name) || !Files.isRegularFile(entry)) {
          foreign.add(name);
        }
      }
    } catch (IOException e) {
      throw new KpiException("cannot read the folder " + target + ": " + e.getMessage(), e);
    }
    if (!foreign.isEmpty()) {
      Collections.sort(foreign);
      throw new KpiException(
          "the folder " + target + " holds files that are not a sample lake's (" + String.join(", ", foreign)
              + "); pass an empty or new folder, or one written by SampleLake");
    }
  }

  /** Renames the finished folder into place, replacing an earlier sample lake there. */
  private static void moveIntoPlace(Path temp, Path target) {
    try {
      if (Files.exists(target)) {
        checkReplaceable(target);
        Path old = unusedSibling(target.getParent(), "." + target.getFileName() + ".old-");
        move(target, old);
        try {
          move(temp, target);
        } catch (IOException e) {
          move(old, target);
          throw e;
        }
        deleteQuietly(old);
      } else {
        move(temp, target);
      }
    } catch (IOException e) {
      throw new KpiException("cannot move the sample lake into " + target + ": " + e.getMessage(), e);
    }
  }

  private static void move(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target);
    }
  }

  private static void deleteQuietly(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try {
      Files.walkFileTree(
          path,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
              Files.delete(directory);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ignored) {
      // Best effort: a leftover temporary folder is harmless.
    }
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof SampleLake)) {
      return false;
    }
    SampleLake that = (SampleLake) other;
    return from.equals(that.from) && to.equals(that.to) && Double.compare(scale, that.scale) == 0 && seed == that.seed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, scale, seed);
  }

  @Override
  public String toString() {
    return "SampleLake[from=" + from + ", to=" + to + ", scale=" + scale + ", seed=" + seed + "]";
  }
}
