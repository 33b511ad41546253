package dev.kpi.runtime.cli;

import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.mart.Grain;
import dev.kpi.model.query.FilterText;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.runtime.Catalogs;
import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.query.AnswerWriter;
import dev.kpi.runtime.query.QueryRoute;
import dev.kpi.runtime.query.QueryRouter;
import dev.kpi.runtime.report.Bytes;
import dev.kpi.runtime.warehouse.Answer;
import dev.kpi.sql.render.QuerySql;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Answers a question of the KPIs: metrics per day, week or month, by dimensions, for a range of business dates,"
          + " exactly as the definitions say (sums added over the period, distinct counts and ratios recounted for it).",
      "Read from a mart when one holds the answer and its dates are built by the current definitions, otherwise"
          + " compiled from the warehouse tables; --explain says which and why, and prints the SQL.",
      "A period is reported whole: --from and --to choose the weeks or months that hold them."
    })
final class QueryCommand implements Callable<Integer> {
  @Option(names = "--metrics", split = ",", paramLabel = "NAME[,NAME...]", description = "The metrics (kpi list metrics); this or --saved is required.")
  List<String> metrics = new ArrayList<>();

  @Option(names = "--by", split = ",", paramLabel = "DIMENSION[,...]", description = "Dimensions to break the metrics down by (kpi list dimensions).")
  List<String> by = new ArrayList<>();

  @Option(names = "--grain", paramLabel = "day|week|month", description = "The period of a row: day (the default), week (Monday to Sunday) or month.")
  String grain;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "The first business date.")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "The last business date.")
  LocalDate to;

  @Option(names = "--where", paramLabel = "CONDITION", description = "Only the rows where a condition on dimensions holds, e.g. \"item_type = 't-shirt'\" or \"item_type IN ('mug', 'tote-bag')\": =, <>, <, <=, >, >=, IN (...), IS [NOT] NULL, AND, OR, NOT and parentheses; texts in single quotes.")
  String where;

  @Option(names = "--dense", description = "A row for every known value of the dimensions in every period, 0 where nothing happened.")
  boolean dense;

  @Option(names = "--order", split = ",", paramLabel = "[-]COLUMN[,...]", description = "Sort by these columns of the answer, a leading - for descending (default: the date, then the dimensions).")
  List<String> order = new ArrayList<>();

  @Option(names = "--limit", paramLabel = "N", description = "At most N rows.")
  Integer limit;

  @Option(names = "--saved", paramLabel = "NAME", description = "A query declared in the definitions (its metrics, dimensions, grain and filter).")
  String saved;

  @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json", description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
  AnswerWriter.Format format;

  @Option(names = "--compile", description = "Compile the answer from the warehouse tables even when a mart holds it (to check the mart against the definitions).")
  boolean compile;

  @Option(names = "--explain", description = "Print where the answer would come from, why, and its SQL (on BigQuery also the bytes a dry run says it would process), without running it.")
  boolean explain;

  @Mixin TargetChoice target = new TargetChoice(TargetChoice.Needs.WAREHOUSE);

  @Override
  public Integer call() {
    if (from.isAfter(to)) {
      throw KpiException.usage("--from " + from + " is after --to " + to + "; give --from on or before --to");
    }
    if (explain && format != AnswerWriter.Format.table) {
      throw KpiException.usage("--explain prints where the answer comes from, as text; leave out --format " + format + " (or --explain)");
    }
    metrics = metrics.stream().map(String::strip).toList();
    by = by.stream().map(String::strip).toList();
    order = order.stream().map(String::strip).toList();
    if (limit != null && limit < 1) {
      throw KpiException.usage("--limit " + limit + " gives no rows; give 1 or more");
    }
    LoadedCatalog loaded = Catalogs.load();
    SavedQuery query = query(loaded.catalog());
    List<QuerySql.Order> orderBy = orderBy(query);
    try (Session session = Session.reading(target, loaded, System.err)) {
      QueryRouter router =
          new QueryRouter(loaded.catalog(), session.warehouse().dialect(), session.runner().fingerprints(), session.warehouse().builtDates(), session.hint());
      QueryRoute route = router.route(query, from, to, orderBy, limit == null ? OptionalInt.empty() : OptionalInt.of(limit), compile);
      if (explain) {
        explain(route, session);
        return 0;
      }
      List<String> unknown = new dev.kpi.runtime.query.FilterValues(loaded.catalog(), session.warehouse()).warnings(query, from, to);
      if (!unknown.isEmpty()) {
        List<String> warnings = new ArrayList<>(unknown);
        warnings.addAll(route.warnings());
        route = new QueryRoute(route.read(), route.mart(), route.reason(), warnings);
      }
      Answer answer = session.warehouse().read(route.read());
      new AnswerWriter(loaded.catalog()).write(format, query, route, answer, System.out, System.err);
    }
    return 0;
  }

  /** The query the options ask, checked against the catalog: every mistake listed, a usage error. */
  private SavedQuery query(Catalog catalog) {
    SavedQuery.Builder builder = SavedQuery.builder();
    if (saved != null) {
      SavedQuery declared =
          catalog.findQuery(saved)
              .orElseThrow(
                  () -> KpiException.usage(
                      "there is no saved query '" + saved + "'"
                          + dev.kpi.model.catalog.Suggestion.didYouMean(saved, catalog.queries().stream().map(SavedQuery::name).toList())
                          + "; the definitions declare "
                          + (catalog.queries().isEmpty() ? "none" : String.join(", ", catalog.queries().stream().map(SavedQuery::name).toList()))));
      if (!metrics.isEmpty() || !by.isEmpty() || grain != null || where != null || dense) {
        throw KpiException.usage("--saved " + saved + " is the whole question; leave out --metrics, --by, --grain, --where and --dense (or leave out --saved)");
      }
      return declared;
    }
    if (metrics.isEmpty()) {
      throw KpiException.usage("name the metrics to answer with --metrics (kpi list metrics lists them), or a saved query with --saved");
    }
    builder.name("query").addAllMetrics(metrics).addAllDimensions(by).dense(dense).grain(grain());
    if (where != null) {
      try {
        builder.filter(FilterText.parse(where, catalog));
      } catch (IllegalArgumentException e) {
        throw KpiException.usage("--where: " + e.getMessage());
      }
    }
    SavedQuery query = builder.build();
    List<String> problems = catalog.queryProblems(query);
    if (!problems.isEmpty()) {
      throw KpiException.usage(
          "the query cannot be answered (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  - "
              + String.join("\n  - ", problems.stream().map(p -> p.replaceFirst("^query 'query': ", "")).toList()));
    }
    return query;
  }

  private Grain grain() {
    if (grain == null) {
      return Grain.DAY;
    }
    try {
      return Grain.valueOf(grain.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw KpiException.usage("--grain " + grain + " is not a grain; use day, week or month");
    }
  }

  private List<QuerySql.Order> orderBy(SavedQuery query) {
    List<String> columns = new ArrayList<>();
    columns.add(query.grain().dateColumn());
    columns.addAll(query.dimensions());
    columns.addAll(query.metrics());
    List<QuerySql.Order> out = new ArrayList<>();
    for (String item : order) {
      boolean descending = item.startsWith("-");
      String column = descending ? item.substring(1) : item;
      if (!columns.contains(column)) {
        throw KpiException.usage(
            "--order " + item + ": the answer has no column '" + column + "'"
                + dev.kpi.model.catalog.Suggestion.didYouMean(column, columns) + "; it has " + String.join(", ", columns));
      }
      out.add(new QuerySql.Order(column, descending));
    }
    return out;
  }

  private void explain(QueryRoute route, Session session) {
    System.out.println("answered from: " + route.source());
    System.out.println("why: " + route.reason());
    Optional<Long> bytes = session.warehouse().bytesToRead(route.read());
    System.out.println("bytes processed: " + bytes.map(b -> b + " (" + Bytes.format(b) + ", by a dry run)").orElse("not estimated (this warehouse bills no bytes)"));
    route.warnings().forEach(w -> System.out.println("warning: " + w));
    System.out.println("parameters: start_date = " + route.read().start() + ", end_date = " + route.read().end());
    System.out.println();
    System.out.print(route.read().sql());
  }
}
