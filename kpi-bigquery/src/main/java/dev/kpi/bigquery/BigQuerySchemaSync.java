package dev.kpi.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TimePartitioning;
import dev.kpi.runtime.KpiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates a warehouse or mart table on BigQuery, or brings the existing one in line with its
 * definition before it is built — what the embedded warehouse's {@code SchemaSync} does, and
 * dbt's {@code on_schema_change: append_new_columns} plus a recreate where BigQuery cannot alter:
 *
 * <ul>
 *   <li>New columns are added in place (one tables.patch), with the column and table
 *       descriptions, the clustering and {@code require_partition_filter} the definition now
 *       has, so BigQuery's catalog explains each KPI as its definition says. Dates built before
 *       hold NULL in a new column until rebuilt.
 *   <li>A column whose type changed, or a changed partition column, cannot be altered in place.
 *       kpi never drops a table implicitly: the run is refused naming the table, the change and
 *       the command that consents ({@code --allow-recreate TABLE}); with consent the table is
 *       copied to a dated backup, dropped and created empty, and its dates are rebuilt.
 *   <li>Columns the definition no longer has are kept (kpi drops no data) and named in the log.
 * </ul>
 *
 * In a dry run nothing is changed: the log says what a run would do.
 */
final class BigQuerySchemaSync {
  /** What happened (or, in a dry run, would happen) to a table. */
  enum Change {
    NONE,
    CREATED,
    ALTERED,
    RECREATED
  }

  /** Consent to recreate tables, and how a recreated table is backed up. */
  interface Recreation {
    /** Whether {@code table} ("warehouse.fct_order_items") may be dropped and created empty. */
    boolean allowed(String table);

    /** The command line that gives consent for {@code table}. */
    String consent(String table);

    /** Copies {@code table} to {@code backup} (and waits for the copy). */
    void backup(TableId table, TableId backup);

    /** "warehouse.fct_order_items" for the table's id. */
    String kpiName(TableId id);
  }

  private final BigQuery bigQuery;
  private final Consumer<String> log;
  private final Recreation recreation;

  BigQuerySchemaSync(BigQuery bigQuery, Consumer<String> log, Recreation recreation) {
    this.bigQuery = bigQuery;
    this.log = log;
    this.recreation = recreation;
  }

  /**
   * Creates the table {@code desired} describes (a {@link StandardTableDefinition}) when it is
   * missing, otherwise aligns the existing one with it; in a dry run only logs what it would do.
   */
  Change sync(TableInfo desired, boolean dryRun) {
    TableId id = desired.getTableId();
    Table existing = read(id);
    if (existing == null) {
      if (dryRun) {
        log.accept("dry run: would create table " + name(id));
        return Change.CREATED;
      }
      if (create(desired)) {
        log.accept("created table " + id.getProject() + "." + name(id));
      }
      return Change.CREATED;
    }
    Differences differences = new Differences(existing, desired);
    if (!differences.cannotAlter.isEmpty()) {
      recreate(existing, desired, differences, dryRun);
      return Change.RECREATED;
    }
    differences.notes.forEach(note -> log.accept((dryRun ? "dry run: " : "") + note));
    if (differences.actions.isEmpty()) {
      return Change.NONE;
    }
    if (dryRun) {
      differences.actions.forEach(action -> log.accept("dry run: would " + action.wouldDo));
      return Change.ALTERED;
    }
    try {
      bigQuery.update(differences.updated());
    } catch (BigQueryException e) {
      throw new KpiException(
          "altering table " + name(id) + " (" + differences.summary() + ") failed: " + BigQueryJobs.message(e) + "; "
              + (e.getCode() == 403
                  ? "the credentials need bigquery.tables.update on dataset " + id.getDataset() + " (roles/bigquery.dataEditor)"
                  : "alter the table by hand, or drop it and rebuild its dates with 'kpi backfill'"),
          e);
    }
    differences.actions.forEach(action -> log.accept(action.done));
    return Change.ALTERED;
  }

  private Table read(TableId id) {
    try {
      return bigQuery.getTable(id);
    } catch (BigQueryException e) {
      throw new KpiException(
          "reading table " + name(id) + " failed: " + BigQueryJobs.message(e) + "; check that the credentials may read dataset "
              + id.getDataset() + " (bigquery.tables.get, e.g. roles/bigquery.dataEditor)",
          e);
    }
  }

  /** False when another run created it meanwhile (409), which is fine. */
  private boolean create(TableInfo desired) {
    TableId id = desired.getTableId();
    try {
      bigQuery.create(desired);
      return true;
    } catch (BigQueryException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw new KpiException(
          "creating table " + name(id) + " failed: " + BigQueryJobs.message(e) + "; check that the credentials may create tables in dataset "
              + id.getDataset() + " (bigquery.tables.create, e.g. roles/bigquery.dataEditor)",
          e);
    }
  }

  /**
   * A change BigQuery cannot make in place. Never done implicitly: without consent for this
   * table, the run is refused (a usage error, so a scheduler does not retry it) naming the
   * table, the change and the command that consents. With it, the table is first copied to a
   * dated backup (a copy job), then dropped and created empty.
   */
  private void recreate(Table existing, TableInfo desired, Differences differences, boolean dryRun) {
    TableId id = desired.getTableId();
    String why = String.join(" and ", differences.cannotAlter) + " changed, which BigQuery cannot alter in place";
    boolean allowed = recreation.allowed(kpiName(id));
    if (dryRun) {
      log.accept(
          "dry run: " + name(id) + ": " + why + "; "
              + (allowed
                  ? "a run would copy it to a backup, then drop it and create it empty, and rebuild the dates it held"
                  : "a run would refuse, since dropping the table needs consent: " + recreation.consent(kpiName(id))));
      return;
    }
    if (!allowed) {
      throw KpiException.usage(
          "table " + id.getProject() + "." + name(id) + " cannot be brought in line with its definition: " + why + "."
              + " kpi drops no table without consent; to copy it to a dated backup, recreate it empty and rebuild the dates it held, run: "
              + recreation.consent(kpiName(id)));
    }
    String backup = id.getTable() + "__backup_" + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
    recreation.backup(existing.getTableId(), TableId.of(id.getProject(), id.getDataset(), backup));
    log.accept("copied " + name(id) + " to " + id.getDataset() + "." + backup + " before recreating it");
    log.accept("recreating " + name(id) + " empty: " + why + "; the dates it held are rebuilt by this run and by 'kpi backfill --stale'");
    try {
      bigQuery.delete(existing.getTableId());
    } catch (BigQueryException e) {
      throw new KpiException(
          "deleting table " + name(id) + " to recreate it failed: " + BigQueryJobs.message(e) + "; "
              + (e.getCode() == 403 ? "the credentials need bigquery.tables.delete on dataset " + id.getDataset() + " (roles/bigquery.dataEditor), or " : "")
              + "drop the table by hand and run again (its backup is " + id.getDataset() + "." + backup + ")",
          e);
    }
    create(desired);
  }

  /** "warehouse.fct_order_items": how --allow-recreate names a table (its layer, not its dataset). */
  private String kpiName(TableId id) {
    return recreation.kpiName(id);
  }

  /** "dataset.table", as the log and the messages name a table. */
  private static String name(TableId id) {
    return id.getDataset() + "." + id.getTable();
  }

  /**
   * A column's type as a GoogleSQL name. The REST API answers with legacy names (INTEGER, FLOAT,
   * BOOLEAN, RECORD), which the client maps; a GoogleSQL name in a table resource (INT64, as an
   * emulator or a tool may write) the client keeps without a standard type, so map that too.
   */
  static StandardSQLTypeName standardType(LegacySQLTypeName type) {
    if (type.getStandardType() != null) {
      return type.getStandardType();
    }
    try {
      return StandardSQLTypeName.valueOf(type.name());
    } catch (IllegalArgumentException e) {
      return null; // a type this client does not know: compared by its name instead
    }
  }

  /** The type as the log shows it: STRING, INT64, ARRAY<INT64>. */
  private static String typeName(Field field) {
    StandardSQLTypeName standard = standardType(field.getType());
    String type = standard == null ? field.getType().name() : standard.name();
    return field.getMode() == Field.Mode.REPEATED ? "ARRAY<" + type + ">" : type;
  }

  private static Field.Mode mode(Field field) {
    return field.getMode() == null ? Field.Mode.NULLABLE : field.getMode();
  }

  private static String text(String description) {
    return description == null ? "" : description;
  }

  private static String key(String column) {
    return column.toLowerCase(Locale.ROOT); // BigQuery's column names are case-insensitive
  }

  /** What a table needs to match its definition, and the table as tables.patch should make it. */
  private static final class Differences {
    /** Why the table must be recreated ("the type of shop STRING -> INT64"); empty when it can be altered. */
    final List<String> cannotAlter = new ArrayList<>();

    final List<Action> actions = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    private final Table existing;
    private final StandardTableDefinition existingDefinition;
    private final List<Field> schema = new ArrayList<>();
    private Clustering clustering;
    private String description;
    private boolean requirePartitionFilter;

    Differences(Table existing, TableInfo desired) {
      this.existing = existing;
      TableId id = existing.getTableId();
      TableDefinition definition = existing.getDefinition();
      if (!(definition instanceof StandardTableDefinition)) {
        throw new KpiException(
            name(id) + " is a " + definition.getType() + ", not a table: kpi builds a table there; drop it, or point kpi at another dataset");
      }
      this.existingDefinition = (StandardTableDefinition) definition;
      StandardTableDefinition wanted = desired.getDefinition();
      compareColumns(id, fields(existingDefinition), fields(wanted));
      comparePartitioning(existingDefinition, wanted);
      compareClustering(id, existingDefinition, wanted);
      if (!text(existing.getDescription()).equals(text(desired.getDescription()))) {
        description = desired.getDescription();
        actions.add(new Action("updated the description of " + name(id), "update the description of " + name(id)));
      }
      // kpi turns require_partition_filter on where the definition asks for it, and never off:
      // a table that has it beyond the definition was protected by someone on purpose.
      if (Boolean.TRUE.equals(desired.getRequirePartitionFilter()) && !Boolean.TRUE.equals(existing.getRequirePartitionFilter())) {
        requirePartitionFilter = true;
        actions.add(new Action("set require_partition_filter on " + name(id), "set require_partition_filter on " + name(id)));
      }
    }

    private static List<Field> fields(StandardTableDefinition definition) {
      Schema schema = definition.getSchema();
      return schema == null ? List.of() : schema.getFields();
    }

    private void compareColumns(TableId id, List<Field> actual, List<Field> wanted) {
      Map<String, Field> wantedByName = new LinkedHashMap<>();
      wanted.forEach(f -> wantedByName.put(key(f.getName()), f));
      Map<String, Field> actualByName = new LinkedHashMap<>();
      actual.forEach(f -> actualByName.put(key(f.getName()), f));

      List<String> retyped = new ArrayList<>();
      List<String> described = new ArrayList<>();
      List<String> extra = new ArrayList<>();
      List<String> relaxed = new ArrayList<>();
      for (Field field : actual) {
        Field target = wantedByName.get(key(field.getName()));
        Field.Builder kept = field.toBuilder();
        if (target == null) {
          extra.add(field.getName());
          if (mode(field) == Field.Mode.REQUIRED) {
            // The builds name their columns and write none into this one: it must take NULL.
            kept.setMode(Field.Mode.NULLABLE);
            relaxed.add(field.getName());
          }
        } else {
          if (!typeName(field).equals(typeName(target))) {
            retyped.add(field.getName() + " " + typeName(field) + " -> " + typeName(target));
          }
          if (!text(field.getDescription()).equals(text(target.getDescription()))) {
            kept.setDescription(target.getDescription());
            described.add(field.getName());
          }
          // A column the definition now lets be NULL is relaxed (BigQuery allows that in
          // place); the other way is not possible on a table with rows, and not needed: a
          // column that is NULLABLE in BigQuery takes the values of a REQUIRED one.
          if (mode(field) == Field.Mode.REQUIRED && mode(target) == Field.Mode.NULLABLE) {
            kept.setMode(Field.Mode.NULLABLE);
            actions.add(new Action("made column " + field.getName() + " of " + name(id) + " NULLABLE, as its definition says",
                "make column " + field.getName() + " of " + name(id) + " NULLABLE, as its definition says"));
          }
        }
        schema.add(kept.build());
      }
      if (!retyped.isEmpty()) {
        cannotAlter.add("the type of " + String.join(", ", retyped));
      }
      for (Field target : wanted) {
        if (actualByName.containsKey(key(target.getName()))) {
          continue;
        }
        // BigQuery refuses to add a REQUIRED column to an existing table (the rows already
        // there would break it), so a new column is added NULLABLE whatever its definition says;
        // the builds write it all the same.
        boolean required = mode(target) == Field.Mode.REQUIRED;
        schema.add(required ? target.toBuilder().setMode(Field.Mode.NULLABLE).build() : target);
        String column = "column " + target.getName() + (required ? " (NULLABLE: BigQuery adds no REQUIRED column to an existing table)" : "");
        actions.add(
            new Action(
                "added " + column + " to " + name(id) + "; dates built before hold NULL in it until rebuilt ('kpi backfill --target bigquery --stale')",
                "add " + column + " to " + name(id) + "; dates built before would hold NULL in it until rebuilt"));
      }
      if (!described.isEmpty()) {
        actions.add(
            new Action(
                "updated the descriptions of " + name(id) + " columns " + String.join(", ", described),
                "update the descriptions of " + name(id) + " columns " + String.join(", ", described)));
      }
      if (!extra.isEmpty()) {
        notes.add(
            name(id) + " has column" + (extra.size() == 1 ? " " : "s ") + String.join(", ", extra)
                + " that its definition no longer has; left as " + (extra.size() == 1 ? "it is" : "they are")
                + " (kpi drops no data): drop " + (extra.size() == 1 ? "it" : "them") + " by hand once nothing reads " + (extra.size() == 1 ? "it" : "them"));
      }
      if (!relaxed.isEmpty()) {
        actions.add(
            new Action(
                "made column" + (relaxed.size() == 1 ? " " : "s ") + String.join(", ", relaxed) + " of " + name(id) + " NULLABLE, so builds, which no longer write it, still work",
                "make column" + (relaxed.size() == 1 ? " " : "s ") + String.join(", ", relaxed) + " of " + name(id) + " NULLABLE, so builds, which no longer write it, still work"));
      }
    }

    /** A changed partition column cannot be altered in place (BigQuery keeps a table's partitioning for life). */
    private void comparePartitioning(StandardTableDefinition actual, StandardTableDefinition wanted) {
      String from = partitioning(actual);
      String to = partitioning(wanted);
      if (!from.equalsIgnoreCase(to)) {
        cannotAlter.add("the partition column " + from + " -> " + to);
      }
    }

    private static String partitioning(StandardTableDefinition definition) {
      TimePartitioning time = definition.getTimePartitioning();
      if (time != null) {
        return time.getField() == null ? "(ingestion time)" : time.getField();
      }
      if (definition.getRangePartitioning() != null) {
        return definition.getRangePartitioning().getField() + " (integer range)";
      }
      return "(none)";
    }

    /** Clustering can change in place; it orders data written from then on. */
    private void compareClustering(TableId id, StandardTableDefinition actual, StandardTableDefinition wanted) {
      List<String> from = actual.getClustering() == null ? List.of() : actual.getClustering().getFields();
      List<String> to = wanted.getClustering() == null ? List.of() : wanted.getClustering().getFields();
      if (from.stream().map(BigQuerySchemaSync::key).toList().equals(to.stream().map(BigQuerySchemaSync::key).toList())) {
        return;
      }
      if (to.isEmpty()) {
        // The client cannot send "no clustering" in a patch (it leaves an unset field out), and
        // clustering changes no result: say so rather than pretend.
        notes.add(name(id) + " is still clustered by " + String.join(", ", from) + ", which its definition no longer asks for; left as it is (clustering changes no result)");
        return;
      }
      clustering = wanted.getClustering();
      String change = (from.isEmpty() ? "(none)" : String.join(", ", from)) + " -> " + String.join(", ", to);
      actions.add(
          new Action(
              "changed the clustering of " + name(id) + ": " + change + " (data written from now on is clustered by it)",
              "change the clustering of " + name(id) + ": " + change));
    }

    /** The existing table with every in-place change, for {@code bigQuery.update}. */
    Table updated() {
      StandardTableDefinition.Builder definition = existingDefinition.toBuilder().setSchema(Schema.of(schema));
      if (clustering != null) {
        definition.setClustering(clustering);
      }
      Table.Builder table = existing.toBuilder().setDefinition(definition.build());
      if (description != null) {
        table.setDescription(description);
      }
      if (requirePartitionFilter) {
        table.setRequirePartitionFilter(true);
      }
      return table.build();
    }

    /** The changes in a few words, for an error message: "add column shop; update the description". */
    String summary() {
      String table = name(existing.getTableId());
      List<String> what = new ArrayList<>();
      for (Action action : actions) {
        what.add(action.wouldDo.replaceFirst("(;| \\(|, so |, as ).*", "").replace(" to " + table, "").replace(" of " + table, "").replace(" on " + table, ""));
      }
      return String.join("; ", what);
    }
  }

  /** One in-place change, as the log says it once done and as a dry run says it would be done. */
  private static final class Action {
    final String done;
    final String wouldDo;

    Action(String done, String wouldDo) {
      this.done = done;
      this.wouldDo = wouldDo;
    }
  }
}
