package dev.kpi.model.catalog;

import dev.kpi.model.lake.LakeTable;
import dev.kpi.model.mart.Mart;
import dev.kpi.model.metric.Dimension;
import dev.kpi.model.metric.Metric;
import dev.kpi.model.query.SavedQuery;
import dev.kpi.model.summary.Summary;
import dev.kpi.model.warehouse.WarehouseTable;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * The rules a catalog must keep. Each problem is one sentence that starts with the object
 * ("metric 'gmv': ...") and says what to change. All problems are collected, so an analyst
 * fixes them in one round; they come in the order of the catalog's objects, kind by kind, so
 * the same catalog always reports the same list.
 */
final class CatalogValidator {
  private final Catalog catalog;

  CatalogValidator(Catalog catalog) {
    this.catalog = catalog;
  }

  List<String> problems() {
    Problems problems = new Problems();
    MetricGraph graph = catalog.graph();
    ExpressionRules expressions = new ExpressionRules(catalog, graph, problems);
    MetricReferences references = new MetricReferences(catalog, problems);

    checkCatalog(problems);
    catalog.lakeTables().forEach(new LakeTableRules(catalog, problems)::check);
    catalog.warehouseTables().forEach(new WarehouseTableRules(catalog, problems, expressions)::check);
    catalog.dimensions().forEach(new DimensionRules(catalog, problems)::check);
    MetricRules metrics = new MetricRules(catalog, graph, problems, expressions, references);
    catalog.metrics().forEach(metrics::check);
    metrics.checkCycles();
    MartRules marts = new MartRules(catalog, graph, problems, references, expressions);
    catalog.marts().forEach(m -> marts.check("mart '" + m.name() + "'", m));
    problems.duplicates("query", catalog.queries(), SavedQuery::name);
    catalog.queries().forEach(q -> marts.check("query '" + q.name() + "'", q.asMart()));
    problems.duplicates("summary", catalog.summaries(), Summary::name);
    catalog.summaries().forEach(new SummaryRules(catalog, problems)::check);
    new TargetRules(catalog, graph, problems).check();
    return problems.list();
  }

  /**
   * The problems of one query asked on the spot, by the rules of the mart it would be (but for
   * a description and an owner, which only a declared query needs).
   */
  List<String> queryProblems(SavedQuery query) {
    Problems problems = new Problems();
    MetricGraph graph = catalog.graph();
    new MartRules(catalog, graph, problems, new MetricReferences(catalog, problems), new ExpressionRules(catalog, graph, problems))
        .checkAsked("query '" + query.name() + "'", query.asMart());
    return problems.list();
  }

  /** What holds for the catalog as a whole: its time zone, and one object per name. */
  private void checkCatalog(Problems problems) {
    try {
      ZoneId.of(catalog.timeZone());
    } catch (DateTimeException e) {
      problems.problem(
          "catalog '" + catalog.name() + "'",
          "time zone '" + catalog.timeZone() + "' is not an IANA zone id; use e.g. Asia/Tokyo");
    }
    problems.duplicates("lake table", catalog.lakeTables(), LakeTable::name);
    problems.duplicates("warehouse table", catalog.warehouseTables(), WarehouseTable::name);
    problems.duplicates("metric", catalog.metrics(), Metric::name);
    problems.duplicates("dimension", catalog.dimensions(), Dimension::name);
    problems.duplicates("mart", catalog.marts(), Mart::name);
  }
}
