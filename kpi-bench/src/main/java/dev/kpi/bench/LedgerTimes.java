package dev.kpi.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What the run ledger of a data folder says about its latest run: how long the run took from
 * its start in the ledger (the catalog loaded, the lake checked and attached, the schema
 * migrated) to its end, and how long each table's build took — its DELETE, INSERT and ledger
 * writes, one transaction. A table built more than once in a run (history, then the window)
 * keeps the time of its last build.
 */
final class LedgerTimes {
  final double runMillis;
  /** From the run's start to its first build: the lake checked and attached, the plan made. */
  final double beforeBuildsMillis;
  /** Table → milliseconds of its (last) build in the run. */
  final Map<String, Double> builds;

  private LedgerTimes(double runMillis, double beforeBuildsMillis, Map<String, Double> builds) {
    this.runMillis = runMillis;
    this.beforeBuildsMillis = beforeBuildsMillis;
    this.builds = builds;
  }

  static LedgerTimes latest(Path dataDir) throws SQLException {
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    String url = "jdbc:duckdb:" + dataDir.resolve("embedded.duckdb").toAbsolutePath();
    try (Connection connection = DriverManager.getConnection(url, readOnly);
        Statement statement = connection.createStatement()) {
      String runId;
      double runMillis;
      long runStart;
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT run_id, epoch_us(finished_at) - epoch_us(started_at), epoch_us(started_at) FROM kpi.runs ORDER BY started_at DESC LIMIT 1")) {
        if (!rs.next()) {
          throw new IllegalStateException("the ledger of " + dataDir + " has no run");
        }
        runId = rs.getString(1);
        runMillis = rs.getLong(2) / 1000.0;
        runStart = rs.getLong(3);
      }
      long firstBuild = Long.MAX_VALUE;
      Map<String, Double> builds = new LinkedHashMap<>();
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT table_name, epoch_us(finished_at) - epoch_us(started_at), epoch_us(started_at) FROM kpi.table_builds WHERE run_id = "
                  + HandWrittenMarts.quote(runId)
                  + " ORDER BY started_at")) {
        while (rs.next()) {
          builds.put(rs.getString(1), rs.getLong(2) / 1000.0);
          firstBuild = Math.min(firstBuild, rs.getLong(3));
        }
      }
      return new LedgerTimes(runMillis, firstBuild == Long.MAX_VALUE ? runMillis : (firstBuild - runStart) / 1000.0, builds);
    }
  }
}
