package dev.kpi.sql.render.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A query of named steps (CTEs), each with a comment saying what it holds, and a final query.
 * A name can be used once only: the plan's allocator gives them, this refuses a duplicate.
 */
public final class With implements Query {
  private final UnaryOperator<String> commentText;
  private final List<Step> steps = new ArrayList<>();
  private final Set<String> names = new LinkedHashSet<>();
  private Query body;

  /** {@code commentText}: the dialect's function making any text safe inside a comment. */
  public With(UnaryOperator<String> commentText) {
    this.commentText = commentText;
  }

  public With step(String name, String comment, Query query) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("two steps named " + name);
    }
    steps.add(new Step(name, comment, query));
    return this;
  }

  public With select(Query finalQuery) {
    body = finalQuery;
    return this;
  }

  @Override
  public void writeTo(SqlWriter out) {
    out.line("WITH");
    out.nested(
        () -> {
          for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            out.line("-- " + commentText.apply(step.comment()));
            out.line(step.name() + " AS (");
            out.nested(() -> step.query().writeTo(out));
            out.line(i + 1 < steps.size() ? ")," : ")");
          }
        });
    body.writeTo(out);
  }

  private record Step(String name, String comment, Query query) {}
}
