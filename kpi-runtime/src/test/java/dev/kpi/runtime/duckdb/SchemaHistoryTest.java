package dev.kpi.runtime.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpi.runtime.KpiException;
import dev.kpi.runtime.LoadedCatalog;
import dev.kpi.runtime.testing.TestCatalogs;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast path that opens an up-to-date warehouse without Flyway, and every way it must say no. */
class SchemaHistoryTest {
  private static final String TEST = "classpath:db/history-test";
  private static final String NEXT = "classpath:db/history-test-next";

  @TempDir Path dir;

  @Test
  void aSchemaFlywayMigratedIsCurrentWithFlywaysOwnChecksums() throws Exception {
    // V2 starts with a byte order mark and ends its lines with CRLF: Flyway strips both.
    try (Connection connection = migrated(TEST)) {
      assertThat(SchemaHistory.isCurrent(connection, "t", TEST, true)).isTrue();
      assertThat(SchemaHistory.isCurrent(connection, "t", TEST, false)).isTrue();
    }
  }

  @Test
  void aNewScriptIsPending() throws Exception {
    try (Connection connection = migrated(TEST)) {
      assertThat(SchemaHistory.isCurrent(connection, "t", NEXT, true)).isFalse();
      assertThat(SchemaHistory.isCurrent(connection, "t", NEXT, false)).isFalse();
    }
  }

  @Test
  void anEditedScriptIsNotCurrentWhereFlywayValidates() throws Exception {
    try (Connection connection = migrated(TEST)) {
      execute(connection, "UPDATE t.flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");
      assertThat(SchemaHistory.isCurrent(connection, "t", TEST, true)).isFalse();
      // Where Flyway does not validate (the lake's schema), only pending scripts count.
      assertThat(SchemaHistory.isCurrent(connection, "t", TEST, false)).isTrue();
    }
  }

  @Test
  void aFailedOrRenamedMigrationIsNotCurrent() throws Exception {
    try (Connection connection = migrated(TEST)) {
      execute(connection, "UPDATE t.flyway_schema_history SET success = false WHERE version = '2'");
      assertThat(SchemaHistory.isCurrent(connection, "t", TEST, false)).isFalse();
    }
    try (Connection connection = migrated(TEST)) {
      execute(connection, "UPDATE t.flyway_schema_history SET script = 'V2__renamed.sql' WHERE version = '2'");
      assertThat(SchemaHistory.isCurrent(connection, "t", TEST, true)).isFalse();
    }
  }

  @Test
  void noHistoryOrNoScriptsIsNotCurrent() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      assertThat(SchemaHistory.isCurrent(connection, "t", TEST, true)).isFalse();
    }
    try (Connection connection = migrated(TEST)) {
      assertThat(SchemaHistory.isCurrent(connection, "t", "classpath:db/no-such-location", true)).isFalse();
      assertThat(SchemaHistory.isCurrent(connection, "t", "filesystem:" + dir, true)).isFalse();
    }
  }

  @Test
  void scriptsAreReadAlikeFromAJar() throws Exception {
    Path jar = dir.resolve("migrations.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("db/"));
      out.putNextEntry(new JarEntry("db/history-test/"));
      for (String name : new String[] {"V1__first.sql", "V2__second.sql"}) {
        out.putNextEntry(new JarEntry("db/history-test/" + name));
        try (var in = SchemaHistoryTest.class.getResourceAsStream("/db/history-test/" + name)) {
          in.transferTo(out);
        }
      }
      out.putNextEntry(new JarEntry("db/history-test-elsewhere/V9__not_this_one.sql"));
      out.write("SELECT 1;".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(SchemaHistory.scripts(TEST, loader)).isEqualTo(SchemaHistory.scripts(TEST, SchemaHistory.class.getClassLoader())).hasSize(2);
    }
  }

  @Test
  void aFileFlywayWouldReadDifferentlyLeavesTheDecisionToFlyway() throws Exception {
    Path jar = dir.resolve("repeatable.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("db/r/"));
      out.putNextEntry(new JarEntry("db/r/V1__first.sql"));
      out.putNextEntry(new JarEntry("db/r/R__views.sql"));
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(SchemaHistory.scripts("classpath:db/r", loader)).isEmpty();
    }
  }

  @Test
  void theWarehouseOpensWithoutFlywayOnlyWhenCurrentAndAnEditedMigrationStillFailsAsBefore() throws Exception {
    LoadedCatalog catalog = new LoadedCatalog(TestCatalogs.v1(), Optional.empty());
    try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.open(dir, catalog)) {
      assertThat(SchemaHistory.isCurrent(warehouse.connection(), "kpi", "classpath:db/runtime", true))
          .as("the runtime's own migrations, checksummed as Flyway does")
          .isTrue();
      execute(warehouse.connection(), "UPDATE kpi.flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
    }
    assertThatThrownBy(() -> EmbeddedWarehouse.open(dir, catalog).close())
        .isInstanceOf(KpiException.class)
        .hasMessageContaining("cannot open the embedded warehouse in " + dir.toAbsolutePath().normalize())
        .hasMessageContaining("checksum mismatch");
  }

  private Connection migrated(String location) throws Exception {
    Path file = Files.createTempFile(dir, "history", ".duckdb");
    Files.delete(file);
    String url = "jdbc:duckdb:" + file;
    Flyway.configure().dataSource(url, null, null).locations(location).schemas("t").loggers("slf4j").load().migrate();
    return DriverManager.getConnection(url);
  }

  private static void execute(Connection connection, String sql) throws Exception {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
