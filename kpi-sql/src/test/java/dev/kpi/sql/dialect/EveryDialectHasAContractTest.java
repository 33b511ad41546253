package dev.kpi.sql.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every concrete {@link SqlDialect} of kpi-sql has a {@link DialectContractTest} subclass
 * declared for it (its type argument), so a new dialect cannot go without the contract.
 */
class EveryDialectHasAContractTest {

  @Test
  void everyDialectHasAContractTest() throws Exception {
    Set<Class<?>> dialects = classesUnder(SqlDialect.class).stream()
        .filter(c -> SqlDialect.class.isAssignableFrom(c) && isConcrete(c))
        .collect(Collectors.toSet());
    Set<Class<?>> tested = classesUnder(DialectContractTest.class).stream()
        .filter(c -> DialectContractTest.class.isAssignableFrom(c) && isConcrete(c))
        .map(DialectContractTest::dialectClass)
        .collect(Collectors.toSet());
    assertThat(dialects).as("the dialects found").contains(BigQueryDialect.class, DuckDbDialect.class);
    assertThat(tested).as("dialects with a contract test").containsExactlyInAnyOrderElementsOf(dialects);
  }

  private static boolean isConcrete(Class<?> c) {
    return !c.isInterface() && !Modifier.isAbstract(c.getModifiers());
  }

  /** Every class in the classes directory (main or test) that holds {@code anchor}. */
  private static Set<Class<?>> classesUnder(Class<?> anchor) throws IOException, URISyntaxException {
    Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".class"))
          .map(f -> root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", ""))
          .map(EveryDialectHasAContractTest::load)
          .collect(Collectors.toSet());
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, EveryDialectHasAContractTest.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("cannot load " + name, e);
    }
  }
}
