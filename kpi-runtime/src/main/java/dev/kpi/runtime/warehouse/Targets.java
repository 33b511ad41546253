package dev.kpi.runtime.warehouse;

import dev.kpi.runtime.KpiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The one place a warehouse is chosen: the targets on the class path (found by {@link
 * ServiceLoader}), by the name {@code --target} gives. A third warehouse is a new adapter module
 * that registers its {@link WarehouseTarget}; nothing here or in the commands changes.
 */
public final class Targets {
  /** The target a command runs on when neither --target nor KPI_TARGET says. */
  public static final String DEFAULT = "embedded";

  private Targets() {}

  /** Every target on the class path, the default first. */
  public static List<WarehouseTarget> available() {
    List<WarehouseTarget> targets = new ArrayList<>();
    ServiceLoader.load(WarehouseTarget.class).forEach(targets::add);
    targets.sort((a, b) -> a.name().equals(DEFAULT) ? -1 : b.name().equals(DEFAULT) ? 1 : a.name().compareTo(b.name()));
    return targets;
  }

  /** The target named {@code name} (any case), or a usage error listing the ones there are. */
  public static WarehouseTarget named(String name, List<WarehouseTarget> targets) {
    String wanted = name == null ? DEFAULT : name.trim().toLowerCase(Locale.ROOT);
    Optional<WarehouseTarget> found = targets.stream().filter(t -> t.name().equals(wanted)).findFirst();
    return found.orElseThrow(
        () ->
            KpiException.usage(
                "unknown --target '" + name + "': this kpi runs on " + targets.stream().map(WarehouseTarget::name).collect(Collectors.joining(", "))));
  }
}
