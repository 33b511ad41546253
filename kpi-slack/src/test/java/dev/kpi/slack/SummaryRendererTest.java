package dev.kpi.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.webhook.Payload;
import dev.kpi.model.Unit;
import dev.kpi.model.summary.Breakdown;
import dev.kpi.model.summary.Comparison;
import dev.kpi.model.summary.Mention;
import dev.kpi.model.summary.Summary;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The morning message as Slack receives it: golden payloads, Block Kit limits, escaping. */
class SummaryRendererTest {
  static final LocalDate DATE = LocalDate.of(2026, 11, 24);
  static final Instant BUILT = Instant.parse("2026-11-24T21:12:00Z");

  static final Summary SUMMARY =
      Summary.builder()
          .name("daily")
          .description("test")
          .owner("test")
          .header("📊 Daily KPIs {date}")
          .mention(Mention.userGroup("S0KPITEAM"))
          .body("昨日の KPI です。")
          .mart("kpi_daily")
          .addHeadline("gmv", "orders", "aov")
          .addComparisons(Comparison.PREVIOUS_DAY, Comparison.SAME_WEEKDAY_LAST_WEEK)
          .breakdown(Breakdown.builder().mart("by_type").dimension("item_type").rankBy("items_sold").addAlsoShow("gmv").top(5).build())
          .dashboardUrl("https://dashboards.example.com/kpi?view=daily&range=7d")
          .build();

  static HeadlineValue kpi(String name, String display, Unit unit, String value, String previous, String lastWeek) {
    Map<Comparison, Optional<BigDecimal>> compared = new EnumMap<>(Comparison.class);
    compared.put(Comparison.PREVIOUS_DAY, Optional.ofNullable(previous).map(BigDecimal::new));
    compared.put(Comparison.SAME_WEEKDAY_LAST_WEEK, Optional.ofNullable(lastWeek).map(BigDecimal::new));
    return new HeadlineValue(name, display, Optional.of(unit), Optional.ofNullable(value).map(BigDecimal::new), compared);
  }

  static BreakdownData breakdown(List<BreakdownData.Row> rows, int top) {
    return new BreakdownData(
        "Item type",
        List.of(new BreakdownData.Column("Items sold", Optional.of(Unit.COUNT)), new BreakdownData.Column("GMV", Optional.of(Unit.JPY))),
        rows,
        top);
  }

  static BreakdownData.Row row(String label, String items, String gmv) {
    return new BreakdownData.Row(label, List.of(Optional.ofNullable(items).map(BigDecimal::new), Optional.ofNullable(gmv).map(BigDecimal::new)));
  }

  static SummaryData normalDay() {
    return new SummaryData(
        DATE,
        "Asia/Tokyo",
        Optional.of(BUILT),
        List.of(
            kpi("gmv", "GMV (流通総額)", Unit.JPY, "1478710.000000000", "1128650", "1087660"),
            kpi("orders", "Orders (注文数)", Unit.COUNT, "340", "282", "262"),
            kpi("aov", "AOV (平均注文単価)", Unit.JPY, "4349.147058824", "4002.304964539", "4151.374045802")),
        Optional.of(
            breakdown(
                List.of(
                    row("mug", "44", "81940"),
                    row("t-shirt", "184", "575210"),
                    row("sticker", "99", "43470"),
                    row("tote-bag", "12", "30000"),
                    row("acrylic-stand", "45", "67800"),
                    row("acrylic-keychain", "79", "70120"),
                    row("poster", "0", "0")),
                5)),
        List.of());
  }

  @Test
  void aNormalDayMatchesItsGoldenPayload() {
    assertGolden("normal-day.json", SummaryRenderer.render(SUMMARY, normalDay()));
  }

  /** A day built with lake warnings shows its numbers and, beside them, each warning (escaped, within Slack's limits). */
  @Test
  void aDayBuiltWithLakeWarningsShowsThemBesideTheNumbers() {
    SummaryData day = normalDay();
    List<String> warnings = List.of("1 row of lake table 'products' points with item_id at no row of lake table 'items' <e.g. product_id = 201>", "y".repeat(4000));
    SummaryData warned = new SummaryData(day.date(), day.timeZone(), day.builtAt(), day.headline(), day.breakdown(), List.of(), warnings);
    Payload payload = SummaryRenderer.render(SUMMARY, warned);
    String json = SlackJson.toJson(payload);
    assertThat(warned.isWarning()).as("warnings are not a failed check: the numbers are shown").isFalse();
    assertThat(json)
        .contains("¥1,478,710", "lake check warnings", "1 row of lake table 'products' points with item_id at no row of lake table 'items' &lt;e.g. product_id = 201&gt;", "…(省略)")
        .doesNotContain("<e.g.");
    assertThat(payload.getText()).endsWith("(⚠️ 2 lake check warnings)");
    assertThat(SlackJson.toJson(SummaryRenderer.render(SUMMARY, normalDay()))).doesNotContain("lake check warnings");
  }

  @Test
  void zerosAndNullsShowAsZeroAndADash() {
    SummaryData data =
        new SummaryData(
            DATE,
            "Asia/Tokyo",
            Optional.of(BUILT),
            List.of(
                kpi("gmv", "GMV (流通総額)", Unit.JPY, "0", "0", null),
                kpi("orders", "Orders (注文数)", Unit.COUNT, "0", "12", "0"),
                kpi("aov", "AOV (平均注文単価)", Unit.JPY, null, "1000", null)),
            Optional.of(breakdown(List.of(row("mug", "0", "0"), row("t-shirt", null, null)), 5)),
            List.of());
    Payload payload = SummaryRenderer.render(SUMMARY, data);
    assertGolden("zeros-and-nulls.json", payload);
    String json = SlackJson.toJson(payload);
    assertThat(json).contains("¥0").contains("—").contains("\u2212100.0%");
  }

  @Test
  void aVeryLongBreakdownIsCutWithAVisibleNoteWithinSlacksLimits() {
    List<BreakdownData.Row> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      rows.add(row("item-type-with-a-rather-long-name-number-" + i + "-" + "x".repeat(60), Integer.toString(1000 - i), Integer.toString(100000 - i)));
    }
    Payload payload = SummaryRenderer.render(SUMMARY, new SummaryData(DATE, "Asia/Tokyo", Optional.of(BUILT), normalDay().headline(), Optional.of(breakdown(rows, 50)), List.of()));
    assertGolden("long-breakdown.json", payload);
    String breakdown = sectionTexts(payload).stream().filter(t -> t.contains("上位")).findFirst().orElseThrow();
    assertThat(breakdown.length()).isLessThanOrEqualTo(SummaryRenderer.MAX_SECTION_TEXT);
    assertThat(breakdown).contains("件は省略");
  }

  @Test
  void aFailedDataCheckSendsAWarningAndNoNumbers() {
    SummaryData data = SummaryData.failed(DATE, "Asia/Tokyo", List.of("nothing was counted on 2026-11-24 (orders are all 0)", "mart.by_type has no data for 2026-11-24"));
    Payload payload = SummaryRenderer.render(SUMMARY, data);
    assertGolden("warning.json", payload);
    assertThat(SlackJson.toJson(payload)).doesNotContain("¥").contains("データ確認エラー").contains("<!subteam^S0KPITEAM>");
  }

  @Test
  void payloadsParseBackWithSlacksModelUnchanged() {
    for (Payload payload : List.of(SummaryRenderer.render(SUMMARY, normalDay()), SummaryRenderer.render(SUMMARY, SummaryData.failed(DATE, "Asia/Tokyo", List.of("x"))))) {
      String json = SlackJson.toJson(payload);
      Payload parsed = SlackJson.parse(json);
      assertThat(SlackJson.toJson(parsed)).isEqualTo(json);
      assertThat(parsed.getBlocks()).hasSameSizeAs(payload.getBlocks());
    }
  }

  @Test
  void blockKitLimitsAreKeptWhateverTheDefinitionsSay() {
    Summary longHeader = Summary.builder().from(SUMMARY).header("K".repeat(400) + " {date}").build();
    List<HeadlineValue> many = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      many.add(kpi("m" + i, "Metric " + i, Unit.COUNT, Integer.toString(i), "1", "1"));
    }
    Payload payload = SummaryRenderer.render(longHeader, new SummaryData(DATE, "Asia/Tokyo", Optional.of(BUILT), many, Optional.empty(), List.of()));
    HeaderBlock header = (HeaderBlock) payload.getBlocks().get(0);
    assertThat(header.getText().getText()).hasSizeLessThanOrEqualTo(SummaryRenderer.MAX_HEADER).endsWith("…(省略)");
    assertThat(payload.getBlocks()).hasSizeLessThanOrEqualTo(SummaryRenderer.MAX_BLOCKS);
    for (LayoutBlock block : payload.getBlocks()) {
      if (block instanceof SectionBlock && ((SectionBlock) block).getFields() != null) {
        assertThat(((SectionBlock) block).getFields()).hasSizeLessThanOrEqualTo(SummaryRenderer.MAX_FIELDS);
      }
    }
    assertThat(SlackJson.toJson(payload)).contains("ブロックを省略");
    assertThat(payload.getText()).hasSizeLessThanOrEqualTo(SummaryRenderer.MAX_FALLBACK_TEXT);
  }

  @Test
  void textFromDataIsEscapedForMrkdwn() {
    SummaryData data =
        new SummaryData(
            DATE,
            "Asia/Tokyo",
            Optional.of(BUILT),
            List.of(kpi("gmv", "GMV <&> test", Unit.JPY, "1", "1", "1")),
            Optional.of(breakdown(List.of(row("<!channel> & <https://evil.example|click>", "1", "1")), 5)),
            List.of());
    String json = SlackJson.toJson(SummaryRenderer.render(SUMMARY, data));
    assertThat(json).contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;").contains("GMV &lt;&amp;&gt; test");
    assertThat(json).doesNotContain("<!channel>").doesNotContain("<https://evil");
  }

  @Test
  void mentionsUseSlacksSyntax() {
    assertThat(SummaryRenderer.mention(Mention.user("U123ABC"))).contains("<@U123ABC>");
    assertThat(SummaryRenderer.mention(Mention.userGroup("S0KPITEAM"))).contains("<!subteam^S0KPITEAM>");
    assertThat(SummaryRenderer.mention(Mention.here())).contains("<!here>");
    assertThat(SummaryRenderer.mention(Mention.channel())).contains("<!channel>");
    assertThat(SummaryRenderer.mention(Mention.none())).isEmpty();
  }

  @Test
  void valuesAreFormattedForJapaneseReaders() {
    assertThat(KpiFormat.value(Optional.of(new BigDecimal("1478710.4")), Optional.of(Unit.JPY))).isEqualTo("¥1,478,710");
    assertThat(KpiFormat.value(Optional.of(new BigDecimal("12345")), Optional.of(Unit.COUNT))).isEqualTo("12,345");
    assertThat(KpiFormat.value(Optional.of(new BigDecimal("0.1234")), Optional.of(Unit.RATIO))).isEqualTo("12.3%");
    assertThat(KpiFormat.value(Optional.empty(), Optional.of(Unit.JPY))).isEqualTo("—");
    assertThat(KpiFormat.change(Optional.of(new BigDecimal("0.31")))).isEqualTo("+31.0%");
    assertThat(KpiFormat.change(Optional.of(new BigDecimal("-0.04")))).isEqualTo("\u22124.0%");
    assertThat(KpiFormat.change(Optional.of(new BigDecimal("0.0004")))).isEqualTo("±0.0%");
    assertThat(KpiFormat.change(Optional.of(new BigDecimal("-0.0004")))).isEqualTo("±0.0%");
    assertThat(KpiFormat.change(KpiFormat.change(Optional.of(BigDecimal.ONE), Optional.of(BigDecimal.ZERO)))).isEqualTo("—");
  }

  private static List<String> sectionTexts(Payload payload) {
    List<String> out = new ArrayList<>();
    for (LayoutBlock block : payload.getBlocks()) {
      if (block instanceof SectionBlock && ((SectionBlock) block).getText() instanceof MarkdownTextObject) {
        out.add(((MarkdownTextObject) ((SectionBlock) block).getText()).getText());
      }
    }
    return out;
  }

  /** Golden payloads under src/test/golden/slack; -Dkpi.golden.update=true rewrites them. */
  private static void assertGolden(String name, Payload payload) {
    String json = SlackJson.toPrettyJson(payload) + "\n";
    Path file = Paths.get(System.getProperty("kpi.golden.dir"), "slack", name);
    try {
      if (Boolean.getBoolean("kpi.golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return;
      }
      assertThat(file).as("golden payload %s (create it with ./mvnw verify -Dkpi.golden.update=true)", file).exists();
      assertThat(json).as("payload differs from %s; if intended, rewrite with ./mvnw verify -Dkpi.golden.update=true", file).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aFailureMessageEscapesItsTextAndACommandCannotEndItsCodeSpan() {
    String json = SlackJson.toJson(FailureMessage.render(new FailureMessage.Failure(
        "daily", java.util.Optional.of("2026-11-24"), java.util.Optional.of("mart.kpi_daily"), "embedded", java.util.Optional.of("run-1"),
        "<!channel> & <http://x|click>", "kpi daily --date 2026-11-24 --label `rm -rf`", false)));
    assertThat(json).contains("kpi daily failed: 2026-11-24").contains("&lt;!channel&gt; &amp; &lt;http://x|click&gt;").doesNotContain("<!channel>");
    assertThat(json).contains("`kpi daily --date 2026-11-24 --label 'rm -rf'`");
    assertThat(json).contains("*table*\\nmart.kpi_daily").contains("*run id*\\nrun-1");
  }

  /** A flagged KPI says so in its field, with its baseline, and the notification's text names it; a quiet one adds nothing. */
  @Test
  void aFlaggedDropIsShownBesideItsKpiWithTheBaseline() {
    dev.kpi.model.summary.AnomalyCheck check = dev.kpi.model.summary.AnomalyCheck.drop("gmv", "0.2");
    List<Optional<BigDecimal>> weeks = java.util.stream.Stream.of("2000000", "2100000", "1900000", "2050000", "1950000").map(v -> Optional.of(new BigDecimal(v))).toList();
    HeadlineValue plain = kpi("gmv", "GMV (流通総額)", Unit.JPY, "1000000", "2000000", "2000000");
    HeadlineValue flagged = new HeadlineValue("gmv", "GMV (流通総額)", Optional.of(Unit.JPY), plain.value(), Map.of(Comparison.PREVIOUS_DAY, Optional.of(new BigDecimal("2000000"))),
        Optional.of(dev.kpi.model.summary.AnomalyAssessment.of(check, plain.value(), weeks)), Optional.empty());
    SummaryData day = new SummaryData(DATE, "Asia/Tokyo", Optional.of(BUILT), List.of(flagged), Optional.empty(), List.of());
    String json = SlackJson.toJson(SummaryRenderer.render(SUMMARY, day));
    assertThat(json).contains("⚠️ いつもと違う: 過去5週の同曜日の中央値 ¥2,000,000 から \u221250.0%").contains("(⚠️ いつもと違う: GMV (流通総額))");
    SummaryData quiet = new SummaryData(DATE, "Asia/Tokyo", Optional.of(BUILT), List.of(new HeadlineValue("gmv", "GMV (流通総額)", Optional.of(Unit.JPY), Optional.of(new BigDecimal("2000000")),
        Map.of(), Optional.of(dev.kpi.model.summary.AnomalyAssessment.of(check, Optional.of(new BigDecimal("2000000")), weeks)), Optional.empty())), Optional.empty(), List.of());
    assertThat(SlackJson.toJson(SummaryRenderer.render(SUMMARY, quiet))).doesNotContain("いつもと違う");
  }

  /** The month to date against the target, and the pace the rest of the month needs, under the KPI. */
  @Test
  void aTargetShowsTheMonthToDateAndThePaceNeeded() {
    dev.kpi.model.target.MonthlyTarget target = new dev.kpi.model.target.MonthlyTarget("gmv", java.time.YearMonth.of(2026, 11), new BigDecimal("30000000"));
    dev.kpi.model.target.TargetProgress progress = dev.kpi.model.target.TargetProgress.of(target, java.time.LocalDate.parse("2026-11-24"), new BigDecimal("21600000"), 24);
    HeadlineValue gmv = new HeadlineValue("gmv", "GMV (流通総額)", Optional.of(Unit.JPY), Optional.of(new BigDecimal("900000")), Map.of(), Optional.empty(), Optional.of(progress));
    String json = SlackJson.toJson(SummaryRenderer.render(SUMMARY, new SummaryData(DATE, "Asia/Tokyo", Optional.of(BUILT), List.of(gmv), Optional.empty(), List.of())));
    assertThat(json).contains("🎯 月目標 ¥30,000,000 の 72.0% · 残り6日 1日 ¥1,400,000 必要 (これまで ¥900,000/日)");
    dev.kpi.model.target.TargetProgress missing = dev.kpi.model.target.TargetProgress.of(target, java.time.LocalDate.parse("2026-11-24"), new BigDecimal("21600000"), 23);
    HeadlineValue incomplete = new HeadlineValue("gmv", "GMV (流通総額)", Optional.of(Unit.JPY), Optional.of(new BigDecimal("900000")), Map.of(), Optional.empty(), Optional.of(missing));
    assertThat(SlackJson.toJson(SummaryRenderer.render(SUMMARY, new SummaryData(DATE, "Asia/Tokyo", Optional.of(BUILT), List.of(incomplete), Optional.empty(), List.of()))))
        .contains("🎯 月目標 ¥30,000,000 の 72.0% · 1日分が未集計のためペースは出せません").doesNotContain("これまで");
  }
}
