package dev.kpi.runtime.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a lake check found: every broken rule, errors and warnings, in the order of the tables
 * and their rules.
 */
public record LakeCheckResult(List<LakeFinding> findings) {
  public LakeCheckResult {
    findings = List.copyOf(findings);
  }

  public List<LakeFinding> errors() {
    return findings.stream().filter(LakeFinding::isError).collect(Collectors.toList());
  }

  public List<LakeFinding> warnings() {
    return findings.stream().filter(f -> !f.isError()).collect(Collectors.toList());
  }
}
