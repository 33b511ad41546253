package dev.kpi.slack;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.util.json.GsonBlockElementFactory;
import com.slack.api.util.json.GsonContextBlockElementFactory;
import com.slack.api.util.json.GsonLayoutBlockFactory;
import com.slack.api.util.json.GsonTextObjectFactory;
import com.slack.api.webhook.Payload;

/**
 * Slack's JSON for its Java model: snake_case fields and the model's own adapters for the
 * polymorphic block, element and text types (as Slack's client configures Gson).
 */
public final class SlackJson {
  private static final Gson GSON = gson(false).create();
  private static final Gson PRETTY = gson(false).setPrettyPrinting().create();
  /** Parsing fails on a property the model does not know: a payload Slack would not understand. */
  private static final Gson STRICT = gson(true).create();

  private SlackJson() {}

  private static GsonBuilder gson(boolean failOnUnknownProperties) {
    return new GsonBuilder()
        .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
        .disableHtmlEscaping()
        .registerTypeAdapter(LayoutBlock.class, new GsonLayoutBlockFactory(failOnUnknownProperties))
        .registerTypeAdapter(TextObject.class, new GsonTextObjectFactory(failOnUnknownProperties))
        .registerTypeAdapter(BlockElement.class, new GsonBlockElementFactory(failOnUnknownProperties))
        .registerTypeAdapter(ContextBlockElement.class, new GsonContextBlockElementFactory(failOnUnknownProperties));
  }

  /** The body to POST to an incoming webhook. */
  public static String toJson(Payload payload) {
    return GSON.toJson(payload);
  }

  /** Indented, for previews and golden files. */
  public static String toPrettyJson(Payload payload) {
    return PRETTY.toJson(payload);
  }

  /** Reads a payload back with Slack's model, failing on anything it does not know. */
  public static Payload parse(String json) {
    return STRICT.fromJson(json, Payload.class);
  }
}
