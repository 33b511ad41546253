package dev.kpi.model.query;

import dev.kpi.model.LogicalType;
import dev.kpi.model.catalog.Catalog;
import dev.kpi.model.catalog.Suggestion;
import dev.kpi.model.expr.Expr;
import dev.kpi.model.metric.Dimension;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A filter on dimensions written as text ({@code kpi query --where}), read into the same typed
 * expression a definition would write: {@code item_type = 't-shirt'}, {@code item_type IN
 * ('mug', 'tote-bag') AND NOT item_type = 'sticker'}, {@code country IS NOT NULL}.
 *
 * <p>Names are the catalog's dimensions; values are constants of the dimension's type: a text in
 * single quotes ({@code ''} for a quote), a number, TRUE or FALSE, a date as {@code
 * '2026-11-24'}. Comparisons are {@code = <> != < <= > >=}, {@code [NOT] IN (...)}, {@code IS
 * [NOT] NULL}, combined with AND, OR, NOT and parentheses. A mistake is an {@link
 * IllegalArgumentException} naming the dimension, the value and its type, or the place.
 */
public final class FilterText {
  private final String text;
  private final Catalog catalog;
  private final List<Token> tokens;
  private int position;

  private FilterText(String text, Catalog catalog) {
    this.text = text;
    this.catalog = catalog;
    this.tokens = tokens(text);
  }

  /**
   * The text form of a filter on dimensions: what {@link #parse} reads back into the same
   * expression ({@code item_type = 't-shirt'}). A column that is no dimension's keeps its table.
   */
  public static String text(Expr filter, Catalog catalog) {
    return dev.kpi.model.expr.ExprText.of(
        filter,
        column -> catalog.dimensionOf(column).map(Dimension::name).orElse(column.qualifiedName()));
  }

  /** The filter's expression over the dimensions' columns. */
  public static Expr parse(String text, Catalog catalog) {
    FilterText parser = new FilterText(text, catalog);
    if (parser.tokens.isEmpty()) {
      throw parser.error("is empty; write a condition such as " + parser.example());
    }
    Expr expr = parser.or();
    if (parser.position < parser.tokens.size()) {
      throw parser.error("has '" + parser.peek().text + "' where the condition should end, at column " + (parser.peek().start + 1) + "; join conditions with AND or OR");
    }
    return expr;
  }

  private Expr or() {
    Expr left = and();
    while (keyword("OR")) {
      left = Expr.or(left, and());
    }
    return left;
  }

  private Expr and() {
    Expr left = unary();
    while (keyword("AND")) {
      left = Expr.and(left, unary());
    }
    return left;
  }

  private Expr unary() {
    if (keyword("NOT")) {
      return Expr.not(unary());
    }
    if (symbol("(")) {
      Expr inner = or();
      expect(")", "to close the parenthesis");
      return inner;
    }
    return comparison();
  }

  private Expr comparison() {
    Token name = next("a dimension");
    if (name.kind != Kind.WORD) {
      throw error("has " + name.describe() + " at column " + (name.start + 1) + " where a dimension should be; the dimensions are " + dimensions());
    }
    Dimension dimension =
        catalog.findDimension(name.text)
            .orElseThrow(
                () -> error("names '" + name.text + "', which is not a dimension" + Suggestion.didYouMean(name.text, dimensionNames()) + "; the dimensions are " + dimensions()));
    Expr.ColumnRef column = dimension.column();
    if (keyword("IS")) {
      boolean not = keyword("NOT");
      if (!keyword("NULL")) {
        throw error("has IS" + (not ? " NOT" : "") + " without NULL after " + name.text);
      }
      return not ? Expr.not(column.isNull()) : column.isNull();
    }
    boolean not = keyword("NOT");
    if (keyword("IN")) {
      expect("(", "after IN");
      List<Object> values = new ArrayList<>();
      do {
        values.add(value(dimension));
      } while (symbol(","));
      expect(")", "to close the IN list");
      Expr in = column.in(values.toArray());
      return not ? Expr.not(in) : in;
    }
    if (not) {
      throw error("has NOT after " + name.text + " without IN; write NOT " + name.text + " = ... or " + name.text + " NOT IN (...)");
    }
    Token op = next("a comparison (=, <>, <, <=, >, >=, IN, IS NULL)");
    Object value;
    switch (op.text) {
      case "=":
        value = value(dimension);
        return column.eq(value);
      case "<>":
      case "!=":
        value = value(dimension);
        return column.ne(value);
      case "<":
        return column.lt(value(dimension));
      case "<=":
        return column.le(value(dimension));
      case ">":
        return column.gt(value(dimension));
      case ">=":
        return column.ge(value(dimension));
      default:
        throw error("has " + op.describe() + " after " + name.text + " at column " + (op.start + 1) + " where a comparison (=, <>, <, <=, >, >=, IN, IS NULL) should be");
    }
  }

  /** A constant of the dimension's type. */
  private Object value(Dimension dimension) {
    Token token = next("a value for " + dimension.name());
    LogicalType type = dimension.column().type();
    String wrongType =
        "compares " + dimension.name() + " (" + type + ") with " + token.describe() + "; write "
            + example(type);
    switch (type) {
      case STRING:
        if (token.kind != Kind.STRING) {
          throw error(wrongType);
        }
        return token.text;
      case DATE:
        if (token.kind != Kind.STRING) {
          throw error(wrongType);
        }
        try {
          return LocalDate.parse(token.text);
        } catch (DateTimeParseException e) {
          throw error("compares " + dimension.name() + " (DATE) with '" + token.text + "', which is not a date; write " + example(type));
        }
      case INT64:
        if (token.kind != Kind.NUMBER || token.text.contains(".")) {
          throw error(wrongType);
        }
        try {
          return Long.parseLong(token.text);
        } catch (NumberFormatException e) {
          throw error("compares " + dimension.name() + " (INT64) with " + token.text + ", which is beyond INT64's range (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
        }
      case NUMERIC:
      case FLOAT64:
        if (token.kind != Kind.NUMBER) {
          throw error(wrongType);
        }
        return type == LogicalType.NUMERIC ? (Object) new BigDecimal(token.text) : (Object) Double.valueOf(token.text);
      case BOOL:
        if (token.kind != Kind.WORD || !(token.upper().equals("TRUE") || token.upper().equals("FALSE"))) {
          throw error(wrongType);
        }
        return token.upper().equals("TRUE");
      default:
        throw error("cannot compare " + dimension.name() + " of type " + type);
    }
  }

  private static String example(LogicalType type) {
    switch (type) {
      case STRING:
        return "a text in single quotes, as 'value'";
      case DATE:
        return "a date in single quotes, as '2026-11-24'";
      case INT64:
        return "a whole number, as 3";
      case NUMERIC:
      case FLOAT64:
        return "a number, as 1.5";
      default:
        return "TRUE or FALSE";
    }
  }

  private String example() {
    return catalog.dimensions().stream()
        .findFirst()
        .map(d -> d.name() + " = " + (d.column().type() == LogicalType.STRING ? "'...'" : "..."))
        .orElse("(the catalog has no dimensions)");
  }

  // ---------------------------------------------------------------- tokens

  private enum Kind {
    WORD,
    STRING,
    NUMBER,
    SYMBOL
  }

  private record Token(Kind kind, String text, int start) {
    String upper() {
      return text.toUpperCase(Locale.ROOT);
    }

    String describe() {
      switch (kind) {
        case STRING:
          return "the text '" + text.replace("'", "''") + "'";
        case NUMBER:
          return "the number " + text;
        case WORD:
          return "the word " + text;
        default:
          return "'" + text + "'";
      }
    }
  }

  private List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        StringBuilder value = new StringBuilder();
        int start = i++;
        while (true) {
          if (i >= text.length()) {
            throw error("has a text that starts at column " + (start + 1) + " but has no closing quote");
          }
          char d = text.charAt(i);
          if (d == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
            value.append('\'');
            i += 2;
          } else if (d == '\'') {
            i++;
            break;
          } else {
            value.append(d);
            i++;
          }
        }
        out.add(new Token(Kind.STRING, value.toString(), start));
      } else if (Character.isDigit(c) || (c == '-' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
        int start = i++;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
          i++;
        }
        String number = text.substring(start, i);
        if (number.chars().filter(ch -> ch == '.').count() > 1 || number.endsWith(".")) {
          throw error("has '" + number + "' at column " + (start + 1) + ", which is not a number");
        }
        out.add(new Token(Kind.NUMBER, number, start));
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        out.add(new Token(Kind.WORD, text.substring(start, i), start));
      } else if ("<>!".indexOf(c) >= 0 && i + 1 < text.length() && (text.charAt(i + 1) == '=' || (c == '<' && text.charAt(i + 1) == '>'))) {
        out.add(new Token(Kind.SYMBOL, text.substring(i, i + 2), i));
        i += 2;
      } else if (c == '=' && i + 1 < text.length() && text.charAt(i + 1) == '=') {
        throw error("has '==' at column " + (i + 1) + ", which is not a comparison; write = for equal");
      } else if ("=<>(),".indexOf(c) >= 0) {
        out.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
        i++;
      } else {
        throw error("has '" + c + "' at column " + (i + 1) + ", which a filter cannot hold; quote texts with single quotes");
      }
    }
    return out;
  }

  private Token peek() {
    return tokens.get(position);
  }

  private Token next(String what) {
    if (position >= tokens.size()) {
      throw error("ends where " + what + " should be");
    }
    return tokens.get(position++);
  }

  private boolean keyword(String word) {
    if (position < tokens.size() && peek().kind == Kind.WORD && peek().upper().equals(word)) {
      position++;
      return true;
    }
    return false;
  }

  private boolean symbol(String symbol) {
    if (position < tokens.size() && peek().kind == Kind.SYMBOL && peek().text.equals(symbol)) {
      position++;
      return true;
    }
    return false;
  }

  private void expect(String symbol, String why) {
    if (!symbol(symbol)) {
      throw error(position < tokens.size()
          ? "has " + peek().describe() + " at column " + (peek().start + 1) + " where '" + symbol + "' should be " + why
          : "ends where '" + symbol + "' should be " + why);
    }
  }

  private List<String> dimensionNames() {
    return catalog.dimensions().stream().map(Dimension::name).collect(Collectors.toList());
  }

  private String dimensions() {
    return catalog.dimensions().isEmpty() ? "none (the catalog has no dimensions)" : String.join(", ", dimensionNames());
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("the filter \"" + text + "\" " + what);
  }
}
