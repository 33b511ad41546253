package dev.kpi.model.summary;

/**
 * Slack's Block Kit limits on a message (https://api.slack.com/reference/block-kit/blocks):
 * Slack rejects a payload that exceeds any of them, so the catalog checks what an analyst writes
 * against them and the renderer cuts what data makes longer.
 */
public final class SlackLimits {
  /** A header block's plain text, in characters. */
  public static final int MAX_HEADER_TEXT = 150;

  /** A section block's text, in characters. */
  public static final int MAX_SECTION_TEXT = 3000;

  /** Fields of one section block; more fields take another section. */
  public static final int MAX_FIELDS = 10;

  /** One field's text, in characters. */
  public static final int MAX_FIELD_TEXT = 2000;

  /** Blocks of one message. */
  public static final int MAX_BLOCKS = 50;

  /** A button's plain text, in characters. */
  public static final int MAX_BUTTON_TEXT = 75;

  /** The URL a button opens, in characters. */
  public static final int MAX_BUTTON_URL = 3000;

  private SlackLimits() {}
}
