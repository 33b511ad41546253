package dev.kpi.runtime.cli;

/** A command that works on a warehouse: {@link KpiCli} mixes the targets' options into it. */
interface UsesWarehouse {
  TargetChoice target();

  TargetChoice.Needs needs();
}
