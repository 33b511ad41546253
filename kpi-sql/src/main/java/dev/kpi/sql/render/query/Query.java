package dev.kpi.sql.render.query;

import java.util.List;

/** A query the builders of this package write: a SELECT, a UNION of them, or a WITH. */
public interface Query {
  void writeTo(SqlWriter out);

  default String text() {
    SqlWriter out = new SqlWriter();
    writeTo(out);
    return out.text();
  }

  /**
   * A query the dialect wrote whole, on one line (its series of periods): written as it is.
   */
  static Query line(String oneLine) {
    if (oneLine.indexOf('\n') >= 0 || oneLine.indexOf('\r') >= 0) {
      // Only structure may break lines; a fragment spanning lines would be laid out by nobody.
      throw new IllegalArgumentException("a query line holds a line break: " + oneLine);
    }
    return out -> out.line(oneLine);
  }

  /** The queries' rows together, {@code operator} (UNION ALL, UNION DISTINCT) between them. */
  static Query union(String operator, List<? extends Query> parts) {
    return out -> {
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          out.line(operator);
        }
        parts.get(i).writeTo(out);
      }
    };
  }
}
