package dev.kpi.runtime.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonElement;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/** The KPIs of a date as JSON, values exact (NUMERIC as JSON numbers with all their digits). */
public final class KpiJsonWriter {
  private KpiJsonWriter() {}

  public static void write(DailyKpis kpis, PrintStream out) {
    JsonObject root = new JsonObject();
    root.addProperty("date", kpis.date().toString());
    root.addProperty("built", kpis.isBuilt());
    JsonArray marts = new JsonArray();
    for (DailyKpis.MartValues mart : kpis.marts()) {
      JsonObject martJson = new JsonObject();
      martJson.addProperty("mart", mart.mart().name());
      JsonArray metrics = new JsonArray();
      for (MetricValues metric : mart.metrics()) {
        JsonObject m = new JsonObject();
        m.addProperty("name", metric.metric().name());
        m.addProperty("display_name", metric.displayName());
        m.add("unit", metric.unit().<JsonElement>map(u -> new JsonPrimitive(u.name())).orElse(JsonNull.INSTANCE));
        m.add("value", number(metric.value(kpis.date())));
        m.add("previous_day", comparison(metric, kpis.date(), kpis.previousDay()));
        m.add("same_weekday_last_week", comparison(metric, kpis.date(), kpis.sameWeekdayLastWeek()));
        dev.kpi.model.summary.AnomalyAssessment anomaly = kpis.anomalies().get(metric.metric().name());
        if (anomaly != null) {
          m.add("anomaly", anomaly(anomaly, kpis.date()));
        }
        dev.kpi.model.target.TargetProgress target = kpis.targets().get(metric.metric().name());
        if (target != null) {
          JsonObject t = new JsonObject();
          t.addProperty("month", target.target().month().toString());
          t.add("target", JsonNumbers.exact(target.target().value()));
          t.add("month_to_date", JsonNumbers.exact(target.monthToDate()));
          t.add("achieved", JsonNumbers.exact(target.achieved()));
          t.add("remaining", JsonNumbers.exact(target.remaining()));
          t.addProperty("days_left", target.daysLeft());
          t.add("needed_per_day", number(target.neededPerDay()));
          t.add("pace_per_day", number(target.pacePerDay()));
          t.addProperty("on_track", target.onTrack());
          t.addProperty("days_not_built", target.daysMissing());
          m.add("target", t);
        }
        metrics.add(m);
      }
      martJson.add("metrics", metrics);
      JsonArray stale = new JsonArray();
      mart.stale().forEach(d -> stale.add(d.toString()));
      martJson.add("stale_dates", stale);
      marts.add(martJson);
    }
    root.add("marts", marts);
    JsonArray warnings = new JsonArray();
    kpis.lakeWarnings().forEach(warnings::add);
    root.add("lake_warnings", warnings);
    out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root));
  }

  private static JsonObject comparison(MetricValues metric, LocalDate date, LocalDate base) {
    JsonObject json = new JsonObject();
    json.addProperty("date", base.toString());
    json.add("value", number(metric.value(base)));
    json.add("change", number(metric.change(date, base)));
    return json;
  }

  /** The check's verdict with the baseline it compared against. */
  private static JsonObject anomaly(dev.kpi.model.summary.AnomalyAssessment a, LocalDate date) {
    JsonObject json = new JsonObject();
    json.addProperty("flagged", a.flagged());
    json.addProperty("note", a.note());
    json.addProperty("direction", a.check().direction().name().toLowerCase(java.util.Locale.ROOT));
    json.add("threshold", JsonNumbers.exact(a.check().threshold()));
    json.add("min_change", JsonNumbers.exact(a.check().minChange()));
    JsonObject baseline = new JsonObject();
    JsonArray dates = new JsonArray();
    Anomalies.baselineDates(a.check(), date).forEach(d -> dates.add(d.toString()));
    baseline.add("dates", dates);
    baseline.addProperty("weeks_built", a.weeksUsed());
    baseline.add("median", number(a.median()));
    baseline.add("spread", a.spread().<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
    json.add("baseline", baseline);
    json.add("score", a.score().<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
    json.add("change_from_median", number(a.change()));
    return json;
  }

  private static JsonElement number(Optional<BigDecimal> value) {
    return value.<JsonElement>map(JsonNumbers::exact).orElse(JsonNull.INSTANCE);
  }
}
