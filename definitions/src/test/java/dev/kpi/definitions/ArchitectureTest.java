package dev.kpi.definitions;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import dev.kpi.sql.dialect.SqlDialect;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The module rules (listed in docs/design.md), checked on the main classes of every module (this
 * module's test classpath holds them all).
 *
 * <p>The rules of kpi-slack and kpi-runtime allow an empty selection: kpi-slack has no classes
 * yet (kpi-runtime had none when the rules were written), and they bite from the first class. The
 * other rules fail if they select nothing, so a broken import cannot make them pass vacuously.
 */
class ArchitectureTest {

  /**
   * Test classes are left out, from folders (target/test-classes, via DoNotIncludeTests) and from
   * test jars (kpi-sql's ZetaSQL helpers reach definitions as kpi-sql-...-tests.jar when the
   * module is built alone).
   */
  private static final ImportOption NO_TEST_JARS =
      new ImportOption() {
        private final Pattern testJar = Pattern.compile(".*-tests\\.jar!/.*");

        @Override
        public boolean includes(Location location) {
          return !location.matches(testJar);
        }
      };

  private static final JavaClasses MAIN_CLASSES =
      new ClassFileImporter()
          .withImportOption(new ImportOption.DoNotIncludeTests())
          .withImportOption(NO_TEST_JARS)
          .importPackages("dev.kpi");

  @Test
  void everyModuleWithCodeIsImported() {
    assertThat(MAIN_CLASSES.stream().map(JavaClass::getPackageName))
        .anyMatch(p -> p.startsWith("dev.kpi.model"))
        .anyMatch(p -> p.startsWith("dev.kpi.sql"))
        .anyMatch(p -> p.startsWith("dev.kpi.definitions"));
    assertThat(MAIN_CLASSES.stream().map(JavaClass::getName))
        .as("test classes are not imported")
        .noneMatch(n -> n.startsWith("dev.kpi.sql.testing."))
        .noneMatch(n -> n.endsWith("Test"));
  }

  @Test
  void theModelDependsOnNothingOfOursButItself() {
    classes()
        .that().resideInAPackage("dev.kpi.model..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.kpi.model..", "java..", "org.immutables..")
        .because("kpi-model holds pure values and their validation; only Immutables generates code for it")
        .check(MAIN_CLASSES);
  }

  @Test
  void theCompilerDependsOnlyOnTheModelAndTheJdk() {
    classes()
        .that().resideInAPackage("dev.kpi.sql..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.kpi.sql..", "dev.kpi.model..", "java..")
        .because("kpi-sql is the compiler: catalog in, SQL text out")
        .check(MAIN_CLASSES);
  }

  @Test
  void theModelAndTheCompilerDoNoIo() {
    noClasses()
        .that().resideInAnyPackage("dev.kpi.model..", "dev.kpi.sql..")
        .should().dependOnClassesThat().haveNameMatching("java\\.io\\.File.*")
        .orShould().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.sql..")
        .because("reading and writing files, the network and databases belong to kpi-runtime")
        .check(MAIN_CLASSES);
  }

  @Test
  void slackRendersMessagesFromTheModelOnly() {
    noClasses()
        .that().resideInAPackage("dev.kpi.slack..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.kpi.sql..", "dev.kpi.runtime..", "dev.kpi.definitions..")
        .because("kpi-slack turns KPI values and summary definitions (kpi-model) into messages")
        .allowEmptyShould(true)
        .check(MAIN_CLASSES);
  }

  @Test
  void theRuntimeFindsCatalogsWithoutDependingOnTheDefinitions() {
    noClasses()
        .that().resideInAPackage("dev.kpi.runtime..")
        .should().dependOnClassesThat().resideInAPackage("dev.kpi.definitions..")
        .because("the runtime finds catalogs through java.util.ServiceLoader, so another shop can bring its own")
        .allowEmptyShould(true)
        .check(MAIN_CLASSES);
  }

  @Test
  void theRuntimeHoldsNoGoogleCloudCode() {
    noClasses()
        .that().resideInAPackage("dev.kpi.runtime..")
        .should().dependOnClassesThat().resideInAnyPackage("com.google.cloud..", "com.google.api..", "dev.kpi.bigquery..")
        .because("the BigQuery adapter and the Google Cloud stack live in kpi-bigquery, found by ServiceLoader")
        .check(MAIN_CLASSES);
  }

  @Test
  void commandsNeverAskWhichWarehouseTheyRunOn() {
    noClasses()
        .that().resideInAPackage("dev.kpi.runtime.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.kpi.runtime.duckdb..", "dev.kpi.bigquery..", "dev.kpi.runtime.ledger..")
        .because("commands run through the engine-neutral Runner over the Warehouse port; the target is chosen in Targets alone")
        .check(MAIN_CLASSES);
  }

  @Test
  void theBigQueryAdapterIsFoundNotReferenced() {
    classes()
        .that().resideInAPackage("dev.kpi.bigquery..")
        .should().onlyBeAccessed().byClassesThat().resideInAPackage("dev.kpi.bigquery..")
        .because("kpi-bigquery is a WarehouseTarget registered for ServiceLoader; nothing else names it")
        .check(MAIN_CLASSES);
  }

  @Test
  void theDefinitionsDependOnTheModelOnly() {
    noClasses()
        .that().resideInAPackage("dev.kpi.definitions..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.kpi.sql..", "dev.kpi.runtime..", "dev.kpi.slack..")
        .because("definitions are data for the model; kpi-sql and the others are for their tests only")
        .check(MAIN_CLASSES);
  }

  @Test
  void theCompilerNeverAsksWhichDialectItHas() {
    noClasses()
        .that().resideInAPackage("dev.kpi.sql..")
        .and().resideOutsideOfPackage("dev.kpi.sql.dialect..")
        .should().dependOnClassesThat(
            resideInAPackage("dev.kpi.sql.dialect..")
                .and(assignableTo(SqlDialect.class))
                .and(not(equivalentTo(SqlDialect.class)))
                .as("are concrete dialects (subclasses of SqlDialect)"))
        .because("every dialect difference lives in the dialect's class; the compiler talks to SqlDialect")
        .check(MAIN_CLASSES);
  }
}
