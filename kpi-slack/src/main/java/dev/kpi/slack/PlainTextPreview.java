package dev.kpi.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.webhook.Payload;

/** A readable terminal rendering of a message, for --dry-run and for running without Slack. */
public final class PlainTextPreview {
  private PlainTextPreview() {}

  public static String of(Payload payload) {
    StringBuilder out = new StringBuilder();
    for (LayoutBlock block : payload.getBlocks()) {
      if (block instanceof HeaderBlock) {
        String title = ((HeaderBlock) block).getText().getText();
        out.append(title).append('\n').append("=".repeat(Math.min(60, title.length() * 2))).append('\n');
      } else if (block instanceof SectionBlock) {
        SectionBlock section = (SectionBlock) block;
        if (section.getText() != null) {
          out.append(text(section.getText())).append('\n');
        }
        if (section.getFields() != null) {
          for (TextObject field : section.getFields()) {
            out.append(text(field).replace("\n", "  ")).append('\n');
          }
        }
      } else if (block instanceof DividerBlock) {
        out.append("----\n");
      } else if (block instanceof ActionsBlock) {
        ((ActionsBlock) block)
            .getElements()
            .forEach(e -> {
              if (e instanceof ButtonElement) {
                out.append("[").append(((ButtonElement) e).getText().getText()).append("] ").append(((ButtonElement) e).getUrl()).append('\n');
              }
            });
      } else if (block instanceof ContextBlock) {
        ((ContextBlock) block)
            .getElements()
            .forEach(e -> {
              if (e instanceof TextObject) {
                out.append(text((TextObject) e)).append('\n');
              }
            });
      }
    }
    return out.toString();
  }

  private static String text(TextObject text) {
    String raw =
        text instanceof MarkdownTextObject ? ((MarkdownTextObject) text).getText() : ((PlainTextObject) text).getText();
    return raw.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("*", "");
  }
}
