package dev.kpi.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.webhook.Payload;
import dev.kpi.model.summary.Comparison;
import dev.kpi.model.summary.Mention;
import dev.kpi.model.summary.SlackLimits;
import dev.kpi.model.summary.Summary;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders a summary definition and a day's data as a Slack Block Kit message with Slack's own
 * Java model: header, mention and text, the headline KPIs as fields with their changes, the
 * breakdown, a dashboard button, and a context line with the business date and when the data
 * was built; plus the plain-text {@code text} notifications show.
 *
 * <p>Block Kit's limits ({@link SlackLimits}) are kept by construction: anything longer is cut
 * with a visible note, so the payload is never one Slack rejects. Text from data is escaped for
 * mrkdwn ({@code &}, {@code <}, {@code >}).
 */
public final class SummaryRenderer {
  // The limits this renderer keeps, each Slack's (MAX_FALLBACK_TEXT aside).
  static final int MAX_HEADER = SlackLimits.MAX_HEADER_TEXT;
  static final int MAX_SECTION_TEXT = SlackLimits.MAX_SECTION_TEXT;
  static final int MAX_FIELDS = SlackLimits.MAX_FIELDS;
  static final int MAX_FIELD_TEXT = SlackLimits.MAX_FIELD_TEXT;
  static final int MAX_BLOCKS = SlackLimits.MAX_BLOCKS;
  static final int MAX_BUTTON_TEXT = SlackLimits.MAX_BUTTON_TEXT;

  /**
   * The message's plain text, shown in notifications: Slack truncates it only far later, but a
   * notification needs no more than a section holds.
   */
  static final int MAX_FALLBACK_TEXT = SlackLimits.MAX_SECTION_TEXT;

  /** "2026-11-25 06:12 JST": the zone's own short name, in the catalog's zone. */
  private static final DateTimeFormatter BUILT_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ENGLISH);

  private SummaryRenderer() {}

  public static Payload render(Summary summary, SummaryData data) {
    return data.isWarning() ? warning(summary, data) : kpis(summary, data);
  }

  // ------------------------------------------------------------------ the KPIs

  private static Payload kpis(Summary summary, SummaryData data) {
    List<LayoutBlock> blocks = new ArrayList<>();
    String title = headerText(summary, data);
    blocks.add(header(h -> h.text(plainText(fit(title, MAX_HEADER), true))));
    introduction(summary).ifPresent(text -> blocks.add(section(s -> s.text(markdownText(text)))));

    List<TextObject> fields = new ArrayList<>();
    for (HeadlineValue kpi : data.headline()) {
      fields.add(markdownText(fit(field(kpi, summary.comparisons()), MAX_FIELD_TEXT)));
    }
    for (int from = 0; from < fields.size(); from += MAX_FIELDS) {
      List<TextObject> chunk = fields.subList(from, Math.min(fields.size(), from + MAX_FIELDS));
      blocks.add(section(s -> s.fields(new ArrayList<>(chunk))));
    }

    if (!data.lakeWarnings().isEmpty()) {
      blocks.add(section(s -> s.text(markdownText(fit(lakeWarningsText(data), MAX_SECTION_TEXT)))));
    }

    data.breakdown()
        .filter(b -> !b.rows().isEmpty())
        .ifPresent(
            breakdown -> {
              blocks.add(divider());
              blocks.add(section(s -> s.text(markdownText(breakdownText(breakdown)))));
            });

    summary
        .dashboardUrl()
        .ifPresent(
            url ->
                blocks.add(
                    actions(
                        asElements(
                            button(b -> b.text(plainText(fit("ダッシュボードを開く (Open dashboard)", MAX_BUTTON_TEXT), true)).url(url).actionId("open_dashboard"))))));
    blocks.add(contextLine(data));

    return Payload.builder().text(fit(fallback(summary, data), MAX_FALLBACK_TEXT)).blocks(limitBlocks(blocks)).build();
  }

  /** The lake check's warnings, beside the numbers they may make wrong. */
  private static String lakeWarningsText(SummaryData data) {
    StringBuilder text = new StringBuilder("⚠️ *データの警告 (lake check warnings)*: この日の数値は次の警告付きで集計されました。 (The numbers were built with these warnings.)");
    for (String warning : data.lakeWarnings()) {
      text.append("\n• ").append(escape(warning));
    }
    return text.toString();
  }

  private static String headerText(Summary summary, SummaryData data) {
    String weekday = data.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.JAPANESE);
    return summary.header().replace(Summary.DATE_PLACEHOLDER, data.date() + " (" + weekday + ")");
  }

  private static Optional<String> introduction(Summary summary) {
    List<String> parts = new ArrayList<>();
    mention(summary.mention()).ifPresent(parts::add);
    summary.body().ifPresent(parts::add);
    return parts.isEmpty() ? Optional.empty() : Optional.of(fit(String.join(" ", parts), MAX_SECTION_TEXT));
  }

  /** Slack's mention syntax (https://api.slack.com/reference/surfaces/formatting#mentioning-users). */
  static Optional<String> mention(Mention mention) {
    switch (mention.kind()) {
      case USER:
        return Optional.of("<@" + mention.id().orElseThrow() + ">");
      case USER_GROUP:
        return Optional.of("<!subteam^" + mention.id().orElseThrow() + ">");
      case HERE:
        return Optional.of("<!here>");
      case CHANNEL:
        return Optional.of("<!channel>");
      default:
        return Optional.empty();
    }
  }

  private static String field(HeadlineValue kpi, List<Comparison> comparisons) {
    StringBuilder text =
        new StringBuilder("*")
            .append(escape(kpi.displayName()))
            .append("*\n")
            .append(KpiFormat.value(kpi.value(), kpi.unit()));
    List<String> changes = new ArrayList<>();
    for (Comparison comparison : comparisons) {
      changes.add(comparison.japaneseLabel() + " " + KpiFormat.change(kpi.change(comparison)));
    }
    if (!changes.isEmpty()) {
      text.append('\n').append(String.join(" · ", changes));
    }
    kpi.target().ifPresent(t -> text.append('\n').append(escape(pace(t, kpi.unit()))));
    kpi.anomaly().filter(dev.kpi.model.summary.AnomalyAssessment::flagged).ifPresent(a -> text.append('\n').append(escape(unusual(a, kpi.unit()))));
    return text.toString();
  }

  /**
   * "🎯 月目標 ¥30,000,000 の 72.0% · 残り6日 1日 ¥1,400,000 必要 (これまで ¥900,000/日)": the month
   * to date against the target and the pace the rest of the month needs.
   */
  public static String pace(dev.kpi.model.target.TargetProgress t, Optional<dev.kpi.model.Unit> unit) {
    String share = KpiFormat.value(Optional.of(t.achieved()), Optional.of(dev.kpi.model.Unit.RATIO));
    String text = "🎯 月目標 " + KpiFormat.value(Optional.of(t.target().value()), unit) + " の " + share;
    if (t.daysMissing() > 0) {
      // A pace from missing days would mislead: say the month to date is incomplete instead.
      return text + " · " + t.daysMissing() + "日分が未集計のためペースは出せません";
    }
    if (t.remaining().signum() == 0) {
      text += " · 達成";
    } else if (t.neededPerDay().isPresent()) {
      text += " · 残り" + t.daysLeft() + "日 1日 " + KpiFormat.value(t.neededPerDay(), unit) + " 必要 (これまで " + KpiFormat.value(t.pacePerDay(), unit) + "/日)";
    } else {
      text += " · 未達 " + KpiFormat.value(Optional.of(t.remaining()), unit);
    }
    return text;
  }

  /** "⚠️ いつもと違う: 過去8週の同曜日の中央値 ¥200 から −40.0%": a flagged value against its baseline. */
  public static String unusual(dev.kpi.model.summary.AnomalyAssessment a, Optional<dev.kpi.model.Unit> unit) {
    return "⚠️ いつもと違う: 過去" + a.weeksUsed() + "週の同曜日の中央値 " + KpiFormat.value(a.median(), unit) + " から " + KpiFormat.change(a.change());
  }

  private static String breakdownText(BreakdownData breakdown) {
    List<BreakdownData.Row> rows = new ArrayList<>(breakdown.rows());
    // Highest first; NULLs last; ties by name, so the order never depends on the database's.
    rows.sort(
        Comparator.<BreakdownData.Row, BigDecimal>comparing(r -> r.values().get(0).orElse(null), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(BreakdownData.Row::label));
    List<BreakdownData.Row> shown = rows.subList(0, Math.min(breakdown.top(), rows.size()));
    String title =
        "*" + escape(breakdown.dimensionDisplayName()) + " 上位" + shown.size() + " (" + escape(breakdown.columns().get(0).displayName()) + "順)*";
    StringBuilder text = new StringBuilder(title);
    for (int i = 0; i < shown.size(); i++) {
      BreakdownData.Row row = shown.get(i);
      List<String> values = new ArrayList<>();
      for (int c = 0; c < breakdown.columns().size(); c++) {
        BreakdownData.Column column = breakdown.columns().get(c);
        values.add(escape(column.displayName()) + " " + KpiFormat.value(row.values().get(c), column.unit()));
      }
      String line = "\n" + (i + 1) + ". " + escape(row.label()) + " — " + String.join(" · ", values);
      String note = "\n… 他 " + (shown.size() - i) + " 件は省略 (Slack の文字数上限)";
      if (text.length() + line.length() + note.length() > MAX_SECTION_TEXT) {
        text.append(note);
        break;
      }
      text.append(line);
    }
    return text.toString();
  }

  private static LayoutBlock contextLine(SummaryData data) {
    String text = "営業日 " + data.date() + " (" + data.timeZone() + ")";
    if (data.builtAt().isPresent()) {
      text += " · データ更新 " + BUILT_AT.format(data.builtAt().get().atZone(ZoneId.of(data.timeZone())));
    }
    List<ContextBlockElement> elements = new ArrayList<>();
    elements.add(markdownText(escape(text)));
    return context(elements);
  }

  private static String fallback(Summary summary, SummaryData data) {
    String prefix = mention(summary.mention()).map(m -> m + " ").orElse("");
    String kpis =
        data.headline().stream()
            .map(k -> k.displayName() + " " + KpiFormat.value(k.value(), k.unit()))
            .collect(Collectors.joining(", "));
    String warned = data.lakeWarnings().isEmpty() ? "" : " (⚠️ " + data.lakeWarnings().size() + " lake check warning" + (data.lakeWarnings().size() == 1 ? "" : "s") + ")";
    List<String> unusual = data.headline().stream().filter(k -> k.anomaly().map(dev.kpi.model.summary.AnomalyAssessment::flagged).orElse(false)).map(HeadlineValue::displayName).toList();
    String flagged = unusual.isEmpty() ? "" : " (⚠️ いつもと違う: " + String.join(", ", unusual) + ")";
    return prefix + headerText(summary, data) + ": " + escape(kpis) + escape(flagged) + warned;
  }

  // ------------------------------------------------------------------ the warning

  private static Payload warning(Summary summary, SummaryData data) {
    List<LayoutBlock> blocks = new ArrayList<>();
    String title = "⚠️ " + headerText(summary, data) + " — データ確認エラー";
    blocks.add(header(h -> h.text(plainText(fit(title, MAX_HEADER), true))));
    StringBuilder text = new StringBuilder();
    mention(summary.mention()).ifPresent(m -> text.append(m).append(' '));
    text.append("*").append(data.date()).append(" の KPI は送信しません: データの確認に失敗しました。* (KPIs not posted: a data check failed.)");
    for (String check : data.failedChecks()) {
      text.append("\n• ").append(escape(check));
    }
    text.append("\n数値は確認が通るまで表示しません。");
    blocks.add(section(s -> s.text(markdownText(fit(text.toString(), MAX_SECTION_TEXT)))));
    blocks.add(contextLine(data));
    String fallback =
        mention(summary.mention()).map(m -> m + " ").orElse("")
            + "⚠️ " + headerText(summary, data) + ": data check failed: " + escape(String.join("; ", data.failedChecks()));
    return Payload.builder().text(fit(fallback, MAX_FALLBACK_TEXT)).blocks(blocks).build();
  }

  // ------------------------------------------------------------------ limits and escaping

  /** Keeps Slack's block count; the last block says what was left out. */
  private static List<LayoutBlock> limitBlocks(List<LayoutBlock> blocks) {
    if (blocks.size() <= MAX_BLOCKS) {
      return blocks;
    }
    List<LayoutBlock> kept = new ArrayList<>(blocks.subList(0, MAX_BLOCKS - 1));
    int dropped = blocks.size() - kept.size();
    List<ContextBlockElement> note = new ArrayList<>();
    note.add(markdownText("… " + dropped + " ブロックを省略 (Slack の上限 " + MAX_BLOCKS + " ブロック)"));
    kept.add(context(note));
    return kept;
  }

  /** Cuts text to {@code max} characters, ending with a visible ellipsis. */
  static String fit(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    String note = "…(省略)";
    return text.substring(0, max - note.length()) + note;
  }

  /** Slack mrkdwn's control characters in text from data (https://api.slack.com/reference/surfaces/formatting#escaping). */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
