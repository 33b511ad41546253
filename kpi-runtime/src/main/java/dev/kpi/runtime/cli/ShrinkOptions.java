package dev.kpi.runtime.cli;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.contract.ShrinkGuard;
import dev.kpi.runtime.contract.ShrinkPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of the commands that build, about a lake that holds fewer rows for a date than when it was built. */
final class ShrinkOptions {
  @Option(
      names = "--accept-shrink",
      description = "Replace dates whose lake rows fell since they were last built (by more than --max-shrink, or to none). Without it such a run stops and writes nothing.")
  boolean accept;

  @Option(
      names = "--max-shrink",
      paramLabel = "PERCENT",
      converter = Percent.class,
      description = "How far (0 to 99 %%) a date's rows in a lake table may fall since its last build before the run refuses to replace it. Default: "
          + ShrinkGuard.DEFAULT_MAX_SHRINK_PERCENT
          + ".")
  int maxShrinkPercent = ShrinkGuard.DEFAULT_MAX_SHRINK_PERCENT;

  /** A whole percent, with or without its %: "30", "30%". */
  static final class Percent implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      String digits = value.strip().endsWith("%") ? value.strip().substring(0, value.strip().length() - 1).strip() : value.strip();
      try {
        return Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a whole percent; give 0 to 99, e.g. --max-shrink 30");
      }
    }
  }

  ShrinkPolicy policy() {
    if (maxShrinkPercent < 0 || maxShrinkPercent > 99) {
      throw KpiException.usage("--max-shrink takes a share from 0 to 99 (percent), not " + maxShrinkPercent + "; a fall to no rows is always refused unless --accept-shrink");
    }
    return new ShrinkPolicy(maxShrinkPercent, accept);
  }
}
