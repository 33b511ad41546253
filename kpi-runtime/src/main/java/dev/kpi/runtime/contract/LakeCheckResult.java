package dev.kpi.runtime.contract;

import java.util.ArrayList;
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

  /** The message of a check that failed: {@code lead}, then every error and every warning (marked), one per line. */
  public static String failure(String lead, List<String> errors, List<String> warnings) {
    List<String> lines = new ArrayList<>(errors);
    warnings.forEach(w -> lines.add("warning: " + w));
    return lead + ":\n  - " + String.join("\n  - ", lines);
  }

  /** The sentence of a check that passed: {@code matches}, and how many warnings were listed above it. */
  public static String passed(String matches, int warnings) {
    return warnings == 0 ? matches : matches + ", with " + warnings + (warnings == 1 ? " warning" : " warnings") + " (above)";
  }

  /** The messages of findings. */
  public static List<String> messages(List<LakeFinding> findings) {
    return findings.stream().map(LakeFinding::message).collect(Collectors.toList());
  }
}
