package dev.kpi.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.webhook.Payload;
import dev.kpi.model.summary.SlackLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The message a failed scheduled command posts: what failed (command, dates, table, target, run
 * id), the cause in one line, and the command that finishes the work. The caller gives text
 * without local paths or secrets; this escapes it for mrkdwn and keeps Block Kit's limits, and a
 * command cannot end its code span.
 */
public final class FailureMessage {
  /** What failed, as the caller knows it; empty parts are left out. */
  /** {@code refused}: the call was refused before anything ran (a usage error); {@code finishWith} then shows how to call it. */
  public record Failure(String command, Optional<String> dates, Optional<String> table, String target, Optional<String> runId, String cause, String finishWith, boolean refused) {}

  private FailureMessage() {}

  public static Payload render(Failure failure) {
    String title = "❌ kpi " + failure.command() + " failed" + failure.dates().map(d -> ": " + d).orElse("");
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText(SummaryRenderer.fit(title, SlackLimits.MAX_HEADER_TEXT), true))));
    List<TextObject> fields = new ArrayList<>();
    fields.add(field("command", "kpi " + failure.command()));
    failure.dates().ifPresent(d -> fields.add(field("date", d)));
    failure.table().ifPresent(t -> fields.add(field("table", t)));
    fields.add(field("target", failure.target()));
    failure.runId().ifPresent(r -> fields.add(field("run id", r)));
    blocks.add(section(s -> s.fields(fields)));
    blocks.add(section(s -> s.text(markdownText(SummaryRenderer.fit("*原因 (cause)*\n" + SummaryRenderer.escape(failure.cause()), SlackLimits.MAX_SECTION_TEXT)))));
    String heading = failure.refused() ? "*呼び出し方 (how to call it)*" : "*完了させるには (to finish the work)*";
    blocks.add(section(s -> s.text(markdownText(SummaryRenderer.fit(heading + "\n`" + code(failure.finishWith()) + "`", SlackLimits.MAX_SECTION_TEXT)))));
    String after = failure.refused()
        ? "Nothing ran: the call was refused. Correct the scheduler's call or its settings, then run it again."
        : "Builds that finished are kept; a build that failed or was stopped left its table as it was. The command above finishes the work.";
    blocks.add(context(List.of(markdownText(after))));
    String text = SummaryRenderer.fit(title + ": " + failure.cause(), SlackLimits.MAX_SECTION_TEXT);
    return Payload.builder().text(SummaryRenderer.escape(text)).blocks(blocks).build();
  }

  private static TextObject field(String name, String value) {
    return markdownText(SummaryRenderer.fit("*" + name + "*\n" + SummaryRenderer.escape(value), SlackLimits.MAX_FIELD_TEXT));
  }

  /** Inside a code span: escaped, and a backquote (which would end it) as a prime. */
  private static String code(String command) {
    return SummaryRenderer.escape(command.replace('`', '\''));
  }
}
