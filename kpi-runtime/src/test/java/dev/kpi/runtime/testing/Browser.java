package dev.kpi.runtime.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket, JSON messages), for tests of
 * the generated pages as a person's browser shows them: what the page logged as an error or
 * warning, threw, or requested from the network, values read from its DOM, and a screenshot.
 * {@link #start} skips the test, saying so on stderr, where no Chromium is installed (.ci/run
 * installs Debian's); KPI_CHROMIUM names another binary.
 */
public final class Browser implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI http;
  private final HttpClient client = HttpClient.newHttpClient();

  private final Path profile;

  private Browser(Process process, URI http, Path profile) {
    this.process = process;
    this.http = http;
    this.profile = profile;
  }

  /** The Chromium to use: $KPI_CHROMIUM, or chromium / chromium-browser / google-chrome on the PATH. */
  public static Optional<Path> executable() {
    String chosen = System.getenv("KPI_CHROMIUM");
    if (chosen != null && !chosen.isBlank()) {
      return Optional.of(Path.of(chosen));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Starts a headless Chromium with a fresh profile of its own (not in a test's @TempDir: its
   * helper processes may still write there while JUnit deletes it); skips the test when there is
   * no Chromium.
   */
  public static Browser start() throws IOException {
    Optional<Path> chromium = executable();
    if (chromium.isEmpty()) {
      System.err.println("NOTICE: browser tests skipped: no chromium on the PATH (apt-get install chromium, or set KPI_CHROMIUM)");
    }
    Assumptions.assumeTrue(chromium.isPresent(), "no chromium on the PATH (apt-get install chromium, or set KPI_CHROMIUM)");
    Path profile = Files.createTempDirectory("kpi-chromium-");
    List<String> command = List.of(
        chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--lang=ja", "about:blank");
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = err.readLine()) != null) {
      Matcher listening = LISTENING.matcher(line);
      if (listening.find()) {
        URI ws = URI.create(listening.group(1));
        // Keep reading its stderr, or Chromium blocks once the pipe is full.
        Thread drain = new Thread(() -> err.lines().forEach(l -> {}), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return new Browser(process, URI.create("http://" + ws.getHost() + ":" + ws.getPort()), profile);
      }
      seen.add(line);
    }
    process.destroyForcibly();
    throw new IOException("chromium exited before it listened: " + String.join("\n", seen));
  }

  /** Opens a file in a new tab at this viewport width and waits for its load event. */
  public Page open(Path file, int width, int height) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(http.resolve("/json/new?about:blank")).PUT(HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build();
    JsonObject target = JsonParser.parseString(client.send(request, HttpResponse.BodyHandlers.ofString()).body()).getAsJsonObject();
    Page page = new Page();
    page.socket = client.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(target.get("webSocketDebuggerUrl").getAsString()), page)
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
      page.call(domain + ".enable", new JsonObject());
    }
    JsonObject metrics = new JsonObject();
    metrics.addProperty("width", width);
    metrics.addProperty("height", height);
    metrics.addProperty("deviceScaleFactor", 1);
    metrics.addProperty("mobile", false);
    page.call("Emulation.setDeviceMetricsOverride", metrics);
    CompletableFuture<JsonObject> loaded = page.next("Page.loadEventFired");
    JsonObject navigate = new JsonObject();
    navigate.addProperty("url", file.toUri().toString());
    page.call("Page.navigate", navigate);
    loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return page;
  }

  @Override
  public void close() throws Exception {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        handle.destroyForcibly();
      }
    }
    // Best effort: a file that cannot go stays in the system's temp folder.
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** A tab: what it logged and requested since it was opened, and a way to ask it things. */
  public static final class Page implements WebSocket.Listener, AutoCloseable {
    private WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonObject>> awaited = new ConcurrentHashMap<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final StringBuilder message = new StringBuilder();

    private Page() {}

    /** Console errors and warnings, uncaught exceptions, and failed loads, in the order they came. */
    public List<String> problems() {
      return List.copyOf(problems);
    }

    /** Every URL the page requested from the network: any but file:, data:, blob: and about: ones. */
    public List<String> networkRequests() {
      return List.copyOf(requests);
    }

    /** The value of a JavaScript expression in the page (JSON-able). */
    public JsonElement eval(String expression) throws Exception {
      JsonObject params = new JsonObject();
      params.addProperty("expression", expression);
      params.addProperty("returnByValue", true);
      JsonObject result = call("Runtime.evaluate", params);
      if (result.has("exceptionDetails")) {
        throw new IllegalStateException("the page threw on " + expression + ": " + result.get("exceptionDetails"));
      }
      JsonObject value = result.getAsJsonObject("result");
      return value.has("value") ? value.get("value") : com.google.gson.JsonNull.INSTANCE;
    }

    /** A PNG of the whole page, not only the viewport. */
    public void screenshot(Path png) throws Exception {
      JsonObject size = call("Page.getLayoutMetrics", new JsonObject()).getAsJsonObject("cssContentSize");
      JsonObject clip = new JsonObject();
      clip.addProperty("x", 0);
      clip.addProperty("y", 0);
      clip.addProperty("width", size.get("width").getAsDouble());
      clip.addProperty("height", size.get("height").getAsDouble());
      clip.addProperty("scale", 1);
      JsonObject params = new JsonObject();
      params.addProperty("format", "png");
      params.addProperty("captureBeyondViewport", true);
      params.add("clip", clip);
      String data = call("Page.captureScreenshot", params).get("data").getAsString();
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.write(png, Base64.getDecoder().decode(data));
    }

    JsonObject call(String method, JsonObject params) throws Exception {
      int id = ids.incrementAndGet();
      JsonObject command = new JsonObject();
      command.addProperty("id", id);
      command.addProperty("method", method);
      command.add("params", params);
      CompletableFuture<JsonObject> answer = new CompletableFuture<>();
      pending.put(id, answer);
      socket.sendText(command.toString(), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      JsonObject reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + " failed: " + reply.get("error"));
      }
      return reply.getAsJsonObject("result");
    }

    CompletableFuture<JsonObject> next(String event) {
      return awaited.computeIfAbsent(event, e -> new CompletableFuture<>());
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        JsonObject json = JsonParser.parseString(message.toString()).getAsJsonObject();
        message.setLength(0);
        if (json.has("id")) {
          CompletableFuture<JsonObject> answer = pending.remove(json.get("id").getAsInt());
          if (answer != null) {
            answer.complete(json);
          }
        } else {
          event(json.get("method").getAsString(), json.getAsJsonObject("params"));
        }
      }
      webSocket.request(1);
      return null;
    }

    private void event(String method, JsonObject params) {
      switch (method) {
        case "Runtime.consoleAPICalled" -> {
          String type = params.get("type").getAsString();
          if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
            problems.add("console." + type + ": " + params.get("args"));
          }
        }
        case "Runtime.exceptionThrown" -> problems.add("uncaught: " + params.getAsJsonObject("exceptionDetails"));
        case "Log.entryAdded" -> {
          JsonObject entry = params.getAsJsonObject("entry");
          String level = entry.get("level").getAsString();
          if (level.equals("error") || level.equals("warning")) {
            problems.add("log." + level + ": " + entry.get("text").getAsString() + (entry.has("url") ? " (" + entry.get("url").getAsString() + ")" : ""));
          }
        }
        case "Network.requestWillBeSent" -> {
          String url = params.getAsJsonObject("request").get("url").getAsString();
          if (!(url.startsWith("file:") || url.startsWith("data:") || url.startsWith("blob:") || url.startsWith("about:"))) {
            requests.add(url);
          }
        }
        case "Network.loadingFailed" -> problems.add("failed to load: " + params.get("errorText").getAsString());
        default -> {}
      }
      CompletableFuture<JsonObject> waiting = awaited.remove(method);
      if (waiting != null) {
        waiting.complete(params);
      }
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }
}
