package dev.kpi.model.lake;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A rule of valid lake data beyond the migration's types, NOT NULL columns and primary keys: a
 * row that breaks one would make a number wrong. Declared on its {@link LakeTable} beside the
 * table's columns (the shop's are in {@code definitions/.../shop/Lake.java}); every engine checks
 * the same rules from one SQL source before anything is built.
 *
 * <p>Each rule names the column it checks ({@link #column()}) and has a {@link Severity}: an
 * error stops the run with nothing written, a warning lets it build and travels with the numbers.
 */
public sealed interface LakeRule
    permits LakeRule.AcceptedValues, LakeRule.Range, LakeRule.PlausibleTime, LakeRule.References, LakeRule.OnBusinessDateOf {

  /** The column of the rule's table the rule checks. */
  String column();

  Severity severity();

  /** The same rule with another severity. */
  LakeRule withSeverity(Severity severity);

  /** The rule as an analyst states it: "status is one of 'paid', 'shipped'". */
  String describe();

  /** The same rule as a warning: the run builds, and says so with the numbers. */
  default LakeRule warning() {
    return withSeverity(Severity.WARNING);
  }

  /** The value is exactly one of {@code values} (case and spaces count). NULL is the NOT NULL rule's business. */
  record AcceptedValues(String column, List<String> values, Severity severity) implements LakeRule {
    public AcceptedValues {
      Objects.requireNonNull(column);
      values = List.copyOf(values);
    }

    @Override
    public LakeRule withSeverity(Severity severity) {
      return new AcceptedValues(column, values, severity);
    }

    @Override
    public String describe() {
      return column + " is one of " + values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
    }
  }

  /**
   * The number lies in {@code [min, max]}. An upper bound also keeps sums and products of the
   * column within the engines' INT64 and NUMERIC ranges, so a build can never overflow.
   */
  record Range(String column, long min, long max, Severity severity) implements LakeRule {
    @Override
    public LakeRule withSeverity(Severity severity) {
      return new Range(column, min, max, severity);
    }

    @Override
    public String describe() {
      return column + " is between " + min + " and " + max;
    }
  }

  /**
   * The timestamp lies in a plausible window around the run: not before {@code since} (the
   * shop's start), not later than a day after the run's last business date or the run's clock,
   * whichever is later. A row of 1900 or 2300 would otherwise vanish from every date.
   */
  record PlausibleTime(String column, LocalDate since, Severity severity) implements LakeRule {
    public PlausibleTime {
      Objects.requireNonNull(since);
    }

    @Override
    public LakeRule withSeverity(Severity severity) {
      return new PlausibleTime(column, since, severity);
    }

    @Override
    public String describe() {
      return column + " is not before " + since + " and not in the future";
    }
  }

  /** Every value is a key of {@code table}: {@code column} → {@code table}.{@code key}. */
  record References(String column, String table, String key, Severity severity) implements LakeRule {
    @Override
    public LakeRule withSeverity(Severity severity) {
      return new References(column, table, key, severity);
    }

    @Override
    public String describe() {
      return column + " is a " + table + "." + key;
    }
  }

  /**
   * The timestamp lies on the business date of {@code table}.{@code timestamp} of the row its
   * {@link References} rule to {@code table} points at (order_items.created_at on its order's
   * date). A fact pruned by both timestamps relies on it: a line on another date would not be
   * read with its order.
   */
  record OnBusinessDateOf(String column, String table, String timestamp, Severity severity) implements LakeRule {
    @Override
    public LakeRule withSeverity(Severity severity) {
      return new OnBusinessDateOf(column, table, timestamp, severity);
    }

    @Override
    public String describe() {
      return column + " is on the business date of its " + table + "." + timestamp;
    }
  }
}
