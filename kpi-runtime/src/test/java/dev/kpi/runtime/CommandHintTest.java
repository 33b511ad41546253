package dev.kpi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandHintTest {
  @Test
  void plainHintsAreTheCommandAlone() {
    assertThat(CommandHint.plain().kpi("run --date 2026-11-24")).isEqualTo("kpi run --date 2026-11-24");
  }

  @Test
  void repeatedOptionsFollowTheCommandQuotedForAShellWhereNeeded() {
    CommandHint hint =
        CommandHint.repeating(List.of(List.of("--data-dir", "/srv/kpi data"), List.of("--lake", "/srv/lake"), List.of("--label", "team=it's")));
    assertThat(hint.kpi("backfill --stale"))
        .isEqualTo("kpi backfill --stale --data-dir '/srv/kpi data' --lake /srv/lake --label 'team=it'\\''s'");
  }
}
