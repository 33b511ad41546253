package dev.kpi.runtime.cli;

import dev.kpi.runtime.Catalogs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "check-lake",
    mixinStandardHelpOptions = true,
    description = {
      "Compares the lake with the lake contract and lists every difference.",
      "On BigQuery it reads the lake dataset's tables; on the embedded target, the files of --lake (without it, the lake the data folder was built from).",
      "It checks the columns and their types, then every row: no NULL in a NOT NULL column, no primary key twice, and the rules of valid data"
          + " (accepted values, ranges, plausible timestamps, relationships between tables).",
      "Exit 1 when an error rule is broken; warnings are listed and exit 0."
    })
final class CheckLakeCommand implements Callable<Integer> {
  @Mixin TargetChoice target = new TargetChoice(TargetChoice.Needs.LAKE);

  @Override
  public Integer call() {
    var chosen = target.chosen();
    System.out.println(chosen.checkLake(target.opening(Catalogs.load(), null, null, System.err)));
    return 0;
  }
}
