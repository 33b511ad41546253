package dev.kpi.definitions;

import dev.kpi.runtime.testing.KpiProcess;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The examples of docs/queries.md print what the page shows: after the README's quick start
 * ({@code ./kpi run --date 2026-11-24} in a new folder, so on the sample lake), each {@code $
 * ./kpi ...} of a console block runs as its own process in that folder, and its stdout, then
 * its stderr, must be the block's lines. The page shows the shop's numbers, so it lives with the
 * shop's definitions; -Dkpi.docs.update=true rewrites it, as golden SQL is rewritten.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsExamplesTest {
  private static final Path PAGE = Path.of("..", "docs", "queries.md");
  private static final boolean UPDATE = Boolean.getBoolean("kpi.docs.update");
  private static final Pattern EXAMPLE = Pattern.compile("```console\n\\$ \\./kpi (.*?)\n(.*?)```", Pattern.DOTALL);

  private Path folder;

  @BeforeAll
  void quickStart(@TempDir Path folder) throws Exception {
    this.folder = folder;
    Result run = kpi(List.of("run", "--date", "2026-11-24"));
    assertThat(run.exitCode).as(run.output).isZero();
  }

  Stream<Arguments> examples() throws IOException {
    String page = Files.readString(PAGE, StandardCharsets.UTF_8);
    List<Arguments> out = new ArrayList<>();
    Matcher example = EXAMPLE.matcher(page);
    while (example.find()) {
      out.add(Arguments.of(example.group(1), example.group(2)));
    }
    assertThat(out).as("the console examples of " + PAGE).hasSizeGreaterThan(5);
    return out.stream();
  }

  @ParameterizedTest(name = "kpi {0}")
  @MethodSource("examples")
  void theExamplePrintsWhatThePageShows(String command, String shown) throws Exception {
    Assumptions.assumeFalse(UPDATE, "the page is being rewritten");
    Result result = kpi(words(command));
    assertThat(result.output)
        .as("docs/queries.md shows other output for ./kpi %s; if the change is meant, rewrite the page with"
            + " ./mvnw -q test -pl definitions -Dtest=DocsExamplesTest -Dkpi.docs.update=true and review git diff docs", command)
        .isEqualTo(shown);
    assertThat(result.exitCode).as("./kpi %s exits with 2 when it prints an error, else 0", command).isEqualTo(shown.startsWith("kpi: error:") ? 2 : 0);
  }

  /** With -Dkpi.docs.update=true: every example's output written into the page, as the golden SQL is. */
  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "kpi.docs.update", matches = "true")
  void rewriteThePage() throws Exception {
    String page = Files.readString(PAGE, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    Matcher example = EXAMPLE.matcher(page);
    while (example.find()) {
      String output = kpi(words(example.group(1))).output;
      example.appendReplacement(out, Matcher.quoteReplacement("```console\n$ ./kpi " + example.group(1) + "\n" + output + "```"));
    }
    example.appendTail(out);
    Files.writeString(PAGE, out.toString(), StandardCharsets.UTF_8);
  }

  private record Result(int exitCode, String output) {}

  private Result kpi(List<String> args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(folder, "out", ".txt");
    Path err = Files.createTempFile(folder, "err", ".txt");
    Process process =
        new ProcessBuilder(KpiProcess.command(args)).directory(folder.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("kpi " + args + " did not finish");
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The words of a command line as a POSIX shell splits them: single and double quotes group. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == ' ') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed quote in: " + line);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
