package dev.kpi.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TimePartitioning;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.testing.Cli;
import dev.kpi.runtime.testing.TestCatalogProvider;
import dev.kpi.runtime.testing.TestCatalogs;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What happens to an existing BigQuery table whose definition changed, against {@link
 * FakeBigQuery} (which refuses what BigQuery refuses in place): the sync on its own with tables
 * written here, then the kpi command on the test catalog's versions.
 */
class BigQuerySchemaSyncTest {
  private static final String V2 = "/bigquery/v2/projects/" + FakeBigQuery.PROJECT;

  private FakeBigQuery fake;
  private final List<String> log = new ArrayList<>();
  private final List<String> backups = new ArrayList<>();
  private final java.util.Set<String> allowed = new java.util.HashSet<>();
  private BigQuerySchemaSync sync;

  @BeforeEach
  void start() {
    fake = FakeBigQuery.start();
    sync =
        new BigQuerySchemaSync(
            fake.client(),
            log::add,
            new BigQuerySchemaSync.Recreation() {
              @Override
              public boolean allowed(String table) {
                return allowed.contains(table);
              }

              @Override
              public String consent(String table) {
                return "kpi backfill --stale --allow-recreate " + table;
              }

              @Override
              public void backup(TableId table, TableId backup) {
                backups.add(table.getDataset() + "." + table.getTable() + " -> " + backup.getDataset() + "." + backup.getTable());
              }

              @Override
              public String kpiName(TableId id) {
                return id.getDataset() + "." + id.getTable();
              }
            });
  }

  @AfterEach
  void stop() {
    fake.close();
    TestCatalogProvider.use(TestCatalogs::v1);
  }

  @Test
  void aNewRequiredColumnIsAddedNullableBecauseBigQueryAddsNoRequiredColumn() {
    fake.addTable("mart", "t", "{\"schema\": {\"fields\": [{\"name\": \"id\", \"type\": \"INTEGER\", \"mode\": \"REQUIRED\"}]}}");

    BigQuerySchemaSync.Change change =
        sync.sync(table(null, List.of(), required("id", StandardSQLTypeName.INT64), required("shop", StandardSQLTypeName.STRING)), false);

    assertThat(change).isEqualTo(BigQuerySchemaSync.Change.ALTERED);
    JsonObject shop = field(fake.tableUpdates().get(0), "shop");
    assertThat(shop.get("mode").getAsString()).isEqualTo("NULLABLE");
    assertThat(shop.get("type").getAsString()).isEqualTo("STRING");
    assertThat(field(fake.table("mart", "t").orElseThrow(), "id").get("mode").getAsString()).isEqualTo("REQUIRED");
    assertThat(log).containsExactly(
        "added column shop (NULLABLE: BigQuery adds no REQUIRED column to an existing table) to mart.t;"
            + " dates built before hold NULL in it until rebuilt ('kpi backfill --target bigquery --stale')");
  }

  @Test
  void aColumnNoLongerDefinedIsKeptAndMadeNullableWhenItWasRequired() {
    fake.addTable(
        "mart",
        "t",
        "{\"schema\": {\"fields\": [{\"name\": \"id\", \"type\": \"INTEGER\"}, {\"name\": \"old\", \"type\": \"STRING\", \"mode\": \"REQUIRED\"}]}}");

    sync.sync(table(null, List.of(), Field.of("id", StandardSQLTypeName.INT64)), false);

    // The builds name their columns and write none into "old": REQUIRED, it would fail them.
    JsonObject patch = fake.tableUpdates().get(0);
    assertThat(names(patch)).containsExactly("id", "old");
    assertThat(field(patch, "old").get("mode").getAsString()).isEqualTo("NULLABLE");
    assertThat(log).containsExactly(
        "mart.t has column old that its definition no longer has; left as it is (kpi drops no data): drop it by hand once nothing reads it",
        "made column old of mart.t NULLABLE, so builds, which no longer write it, still work");
  }

  @Test
  void aChangeThatNeedsARecreationIsRefusedWithoutConsentAndNothingIsDropped() {
    String schema = "{\"fields\": [{\"name\": \"day\", \"type\": \"DATE\"}, {\"name\": \"week\", \"type\": \"DATE\"}]}";
    fake.addTable("mart", "partitioned", "{\"schema\": " + schema + ", \"timePartitioning\": {\"type\": \"DAY\", \"field\": \"day\"}}");
    Field[] columns = {Field.of("day", StandardSQLTypeName.DATE), Field.of("week", StandardSQLTypeName.DATE)};

    assertThat(sync.sync(tableNamed("partitioned", "week", List.of(), columns), true)).isEqualTo(BigQuerySchemaSync.Change.RECREATED);
    assertThat(log).containsExactly(
        "dry run: mart.partitioned: the partition column day -> week changed, which BigQuery cannot alter in place; a run would refuse,"
            + " since dropping the table needs consent: kpi backfill --stale --allow-recreate mart.partitioned");

    assertThatThrownBy(() -> sync.sync(tableNamed("partitioned", "week", List.of(), columns), false))
        .isInstanceOf(KpiException.class)
        .hasMessage(
            "table example-project.mart.partitioned cannot be brought in line with its definition: the partition column day -> week changed,"
                + " which BigQuery cannot alter in place. kpi drops no table without consent; to copy it to a dated backup, recreate it empty"
                + " and rebuild the dates it held, run: kpi backfill --stale --allow-recreate mart.partitioned")
        .extracting(e -> ((KpiException) e).exitCode())
        .isEqualTo(KpiException.USAGE);
    assertThat(requests("DELETE", "POST", "PATCH")).isEmpty();
    assertThat(backups).isEmpty();
    assertThat(fake.table("mart", "partitioned").orElseThrow().getAsJsonObject("timePartitioning").get("field").getAsString()).isEqualTo("day");
  }

  @Test
  void clusteringChangesInPlaceButAChangedPartitionColumnRecreatesTheTableWithConsentAfterABackup() {
    allowed.add("mart.partitioned");
    String schema = "{\"fields\": [{\"name\": \"day\", \"type\": \"DATE\"}, {\"name\": \"week\", \"type\": \"DATE\"}, {\"name\": \"shop\", \"type\": \"STRING\"}]}";
    fake.addTable("mart", "clustered", "{\"schema\": " + schema + ", \"timePartitioning\": {\"type\": \"DAY\", \"field\": \"day\"}}");
    fake.addTable("mart", "partitioned", "{\"schema\": " + schema + ", \"timePartitioning\": {\"type\": \"DAY\", \"field\": \"day\"}}");
    Field[] columns = {Field.of("day", StandardSQLTypeName.DATE), Field.of("week", StandardSQLTypeName.DATE), Field.of("shop", StandardSQLTypeName.STRING)};

    sync.sync(tableNamed("clustered", "day", List.of("shop"), columns), false);
    sync.sync(tableNamed("partitioned", "week", List.of(), columns), false);

    assertThat(fake.tableUpdates()).hasSize(1);
    assertThat(fake.tableUpdates().get(0).getAsJsonObject("clustering").getAsJsonArray("fields").get(0).getAsString()).isEqualTo("shop");
    assertThat(fake.table("mart", "clustered").orElseThrow().getAsJsonObject("timePartitioning").get("field").getAsString()).isEqualTo("day");
    assertThat(requests("DELETE", "POST")).containsExactly("DELETE " + V2 + "/datasets/mart/tables/partitioned 204", "POST " + V2 + "/datasets/mart/tables 200");
    assertThat(fake.table("mart", "partitioned").orElseThrow().getAsJsonObject("timePartitioning").get("field").getAsString()).isEqualTo("week");
    assertThat(backups).hasSize(1).allMatch(b -> b.matches("mart\\.partitioned -> mart\\.partitioned__backup_\\d{8}_\\d{6}"));
    assertThat(log).hasSize(3);
    assertThat(log.get(0)).isEqualTo("changed the clustering of mart.clustered: (none) -> shop (data written from now on is clustered by it)");
    assertThat(log.get(1)).matches("copied mart\\.partitioned to mart\\.partitioned__backup_\\d{8}_\\d{6} before recreating it");
    assertThat(log.get(2))
        .isEqualTo(
            "recreating mart.partitioned empty: the partition column day -> week changed, which BigQuery cannot alter in place;"
                + " the dates it held are rebuilt by this run and by 'kpi backfill --stale'");
  }

  @Test
  void aTableAlreadyAsDefinedIsLeftAlone() {
    fake.addDataset("mart");
    TableInfo desired = table(null, List.of(), Field.newBuilder("id", StandardSQLTypeName.INT64).setDescription("The id.").build());
    assertThat(sync.sync(desired, false)).isEqualTo(BigQuerySchemaSync.Change.CREATED);
    fake.clearRequests();

    assertThat(sync.sync(desired, false)).isEqualTo(BigQuerySchemaSync.Change.NONE);

    assertThat(requests("GET", "PATCH", "POST", "DELETE")).containsExactly("GET " + V2 + "/datasets/mart/tables/t 200");
  }

  @Test
  void anUpdateThatIsRefusedNamesTheTableAndThePermission() {
    fake.addTable("mart", "t", "{\"schema\": {\"fields\": [{\"name\": \"id\", \"type\": \"INTEGER\"}]}}");
    fake.failNextRequests(1, 403, request -> request.startsWith("PATCH "));

    assertThatThrownBy(() -> sync.sync(table(null, List.of(), Field.of("id", StandardSQLTypeName.INT64), Field.of("shop", StandardSQLTypeName.STRING)), false))
        .isInstanceOf(KpiException.class)
        .hasMessageContaining("altering table mart.t (add column shop) failed: HTTP 403")
        .hasMessageContaining("the credentials need bigquery.tables.update on dataset mart (roles/bigquery.dataEditor)");
  }

  @Test
  void typesAreComparedByTheirGoogleSqlNames() {
    // tables.get answers INTEGER, FLOAT, BOOLEAN; the client keeps a GoogleSQL name it is given
    // (INT64) without a standard type.
    assertThat(LegacySQLTypeName.valueOf("INT64").getStandardType()).isNull();
    assertThat(BigQuerySchemaSync.standardType(LegacySQLTypeName.valueOf("INT64"))).isEqualTo(StandardSQLTypeName.INT64);
    assertThat(BigQuerySchemaSync.standardType(LegacySQLTypeName.INTEGER)).isEqualTo(StandardSQLTypeName.INT64);
    assertThat(BigQuerySchemaSync.standardType(LegacySQLTypeName.FLOAT)).isEqualTo(StandardSQLTypeName.FLOAT64);
    assertThat(BigQuerySchemaSync.standardType(LegacySQLTypeName.BOOLEAN)).isEqualTo(StandardSQLTypeName.BOOL);
    assertThat(BigQuerySchemaSync.standardType(LegacySQLTypeName.valueOf("BOOL"))).isEqualTo(StandardSQLTypeName.BOOL);
  }

  // ------------------------------------------------------------------ the kpi command

  @Test
  void definitionsChangingBetweenRunsAddAColumnThenRecreateTheTable() {
    Cli.Result first = kpi("run", "--date", "2024-03-10", "--run-id", "r1");
    assertThat(first.exitCode).as(first.toString()).isZero();

    // v2 adds amount_with_tax to the fact and revenue_with_tax to the mart: added in place.
    TestCatalogProvider.use(TestCatalogs::v2WithTax);
    fake.clearRequests();
    Cli.Result dryRun = kpi("run", "--date", "2024-03-10", "--dry-run");
    assertThat(dryRun.exitCode).as(dryRun.toString()).isZero();
    assertThat(dryRun.err).contains("dry run: would add column amount_with_tax to warehouse.fct_sales", "dry run: would add column revenue_with_tax to mart.daily_sales");
    // Dry-run jobs and the read of kpi's ledger (to plan the run): no table is changed.
    assertThat(requests("PATCH", "DELETE", "POST")).allMatch(r -> r.startsWith("POST " + V2 + "/jobs ") || r.startsWith("POST " + V2 + "/queries "));

    Cli.Result withTax = kpi("run", "--date", "2024-03-10", "--run-id", "r2");
    assertThat(withTax.exitCode).as(withTax.toString()).isZero();
    assertThat(withTax.err).contains(
        "added column amount_with_tax to warehouse.fct_sales; dates built before hold NULL in it until rebuilt",
        "added column revenue_with_tax to mart.daily_sales");
    assertThat(names(fake.table("warehouse", "fct_sales").orElseThrow())).endsWith("amount", "amount_with_tax");
    assertThat(fake.tableInserts()).isEmpty();

    // v3 turns the fact's shop into a number: the fact is recreated; the mart has the tax
    // metric v3 no longer defines, which is left with a note.
    TestCatalogProvider.use(TestCatalogs::v3ShopAsNumber);
    fake.clearRequests();
    Cli.Result refused = kpi("run", "--date", "2024-03-10", "--run-id", "r3");
    assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err).contains(
        "kpi: error: table example-project.warehouse.fct_sales cannot be brought in line with its definition: the type of shop STRING -> INT64"
            + " changed, which BigQuery cannot alter in place. kpi drops no table without consent; to copy it to a dated backup, recreate it"
            + " empty and rebuild the dates it held, run: kpi backfill --stale --allow-recreate warehouse.fct_sales --target bigquery");
    assertThat(requests("DELETE")).isEmpty();
    assertThat(fake.tableInserts()).isEmpty();

    fake.clearRequests();
    Cli.Result shopAsNumber = kpi("run", "--date", "2024-03-10", "--run-id", "r3", "--allow-recreate", "warehouse.fct_sales");
    assertThat(shopAsNumber.exitCode).as(shopAsNumber.toString()).isZero();
    assertThat(shopAsNumber.err).contains(
        "recreating warehouse.fct_sales empty: the type of shop STRING -> INT64 changed, which BigQuery cannot alter in place",
        "mart.daily_sales has column revenue_with_tax that its definition no longer has; left as it is");
    assertThat(fake.table("warehouse", "fct_sales__backup_" + shopAsNumber.err.replaceAll("(?s).*fct_sales__backup_(\\d{8}_\\d{6}).*", "$1")))
        .as("the backup holds the table as it was").hasValueSatisfying(t -> assertThat(field(t, "shop").get("type").getAsString()).isEqualTo("STRING"));
    // (After the ledger's read and the lake check's query jobs, which plan and precede the run.)
    assertThat(requests("DELETE", "POST").stream().filter(r -> !r.startsWith("POST " + V2 + "/jobs ") && !r.startsWith("POST " + V2 + "/queries ")).limit(2))
        .containsExactly("DELETE " + V2 + "/datasets/warehouse/tables/fct_sales 204", "POST " + V2 + "/datasets/warehouse/tables 200");
    assertThat(field(fake.table("warehouse", "fct_sales").orElseThrow(), "shop").get("type").getAsString()).isEqualTo("INTEGER");
    assertThat(names(fake.table("warehouse", "fct_sales").orElseThrow())).doesNotContain("amount_with_tax");
    assertThat(names(fake.table("mart", "daily_sales").orElseThrow())).contains("revenue_with_tax");
  }

  // ------------------------------------------------------------------ helpers

  private Cli.Result kpi(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--target", "bigquery", "--bigquery-host", fake.url(), "--project", FakeBigQuery.PROJECT, "--location", FakeBigQuery.LOCATION));
    return Cli.run(all.toArray(new String[0]));
  }

  /** mart.{name}, partitioned and clustered as given. */
  private static TableInfo tableNamed(String name, String partitionColumn, List<String> clusterBy, Field... fields) {
    StandardTableDefinition.Builder definition = StandardTableDefinition.newBuilder().setSchema(Schema.of(fields));
    if (partitionColumn != null) {
      definition.setTimePartitioning(TimePartitioning.newBuilder(TimePartitioning.Type.DAY).setField(partitionColumn).build());
    }
    if (!clusterBy.isEmpty()) {
      definition.setClustering(Clustering.newBuilder().setFields(clusterBy).build());
    }
    return TableInfo.newBuilder(TableId.of(FakeBigQuery.PROJECT, "mart", name), definition.build()).build();
  }

  /** mart.t, partitioned and clustered as given. */
  private static TableInfo table(String partitionColumn, List<String> clusterBy, Field... fields) {
    return tableNamed("t", partitionColumn, clusterBy, fields);
  }

  private static Field required(String name, StandardSQLTypeName type) {
    return Field.newBuilder(name, type).setMode(Field.Mode.REQUIRED).build();
  }

  /** "METHOD path status" of the recorded requests of these methods. */
  private List<String> requests(String... methods) {
    List<String> wanted = List.of(methods);
    return fake.requests().stream()
        .filter(r -> wanted.contains(r.method()))
        .map(r -> r.method() + " " + r.path() + " " + r.status())
        .collect(Collectors.toList());
  }

  private static List<String> names(JsonObject table) {
    List<String> names = new ArrayList<>();
    for (JsonElement field : table.getAsJsonObject("schema").getAsJsonArray("fields")) {
      names.add(field.getAsJsonObject().get("name").getAsString());
    }
    return names;
  }

  private static JsonObject field(JsonObject table, String name) {
    for (JsonElement field : table.getAsJsonObject("schema").getAsJsonArray("fields")) {
      if (field.getAsJsonObject().get("name").getAsString().equals(name)) {
        return field.getAsJsonObject();
      }
    }
    throw new AssertionError("no column " + name + " in " + table);
  }
}
