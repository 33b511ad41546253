package dev.kpi.model;

/** What a number measures; renderers format values by it (¥, thousands separators, %). */
public enum Unit {
  /** Japanese yen, an amount of money. */
  JPY,
  /** A number of things: orders, creators, items. */
  COUNT,
  /** A fraction, shown as a percentage (0.123 is 12.3%). */
  RATIO,
  /** Any other number (items per order), shown with up to two decimals. */
  NUMBER
}
