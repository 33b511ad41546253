package dev.kpi.runtime.contract;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a lake check found: every broken rule, and the rows per business date of the tables read
 * by range (which a run compares with what the ledger recorded, so a shrunken extract does not
 * replace good days).
 *
 * @param findings errors and warnings, in the order of the tables and their rules
 * @param volume business date → lake table → rows on that date (only tables read by range)
 */
public record LakeCheckResult(List<LakeFinding> findings, Map<LocalDate, Map<String, Long>> volume) {
  public LakeCheckResult {
    findings = List.copyOf(findings);
    volume = Map.copyOf(volume);
  }

  public List<LakeFinding> errors() {
    return findings.stream().filter(LakeFinding::isError).collect(Collectors.toList());
  }

  public List<LakeFinding> warnings() {
    return findings.stream().filter(f -> !f.isError()).collect(Collectors.toList());
  }
}
