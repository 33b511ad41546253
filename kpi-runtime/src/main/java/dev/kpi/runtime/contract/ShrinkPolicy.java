package dev.kpi.runtime.contract;

/**
 * What a run does when the lake holds fewer rows for a date than when it was last built ({@link
 * ShrinkGuard}): refuse it (the default), or, with {@code --accept-shrink}, replace it and say so.
 *
 * @param maxShrinkPercent the share (0–99) a date's rows may fall by before it counts as a shrink
 * @param accept whether to replace shrunken dates anyway
 */
public record ShrinkPolicy(int maxShrinkPercent, boolean accept) {
  public static final ShrinkPolicy DEFAULT = new ShrinkPolicy(ShrinkGuard.DEFAULT_MAX_SHRINK_PERCENT, false);

  public ShrinkGuard guard() {
    return new ShrinkGuard(maxShrinkPercent);
  }
}
