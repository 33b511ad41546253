package dev.kpi.runtime.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where a metric's numbers come from: edges from lake columns to warehouse tables to marts, named
 * "layer.table[.column]". Written as a Mermaid flowchart in the Markdown pages (GitHub draws it)
 * and, in the HTML site, read back from that block and drawn as SVG by the program, so the site
 * needs no diagram library and shows the same graph.
 */
final class Lineage {
  private static final List<String> LAYERS = List.of("lake", "warehouse", "mart");
  private static final Pattern EDGE = Pattern.compile("\\[\"([^\"]+)\"] --> [^\\[]+\\[\"([^\"]+)\"]");

  record Edge(String from, String to) {}

  private final Set<Edge> edges = new LinkedHashSet<>();

  void add(String from, String to) {
    edges.add(new Edge(from, to));
  }

  List<Edge> edges() {
    return List.copyOf(edges);
  }

  /** The Mermaid flowchart, left to right. Names are identifiers, so they need no quoting. */
  String mermaid() {
    return "```mermaid\nflowchart LR\n" + edges.stream().map(e -> "  " + node(e.from()) + " --> " + node(e.to()) + "\n").collect(Collectors.joining()) + "```\n";
  }

  /** The edges of a flowchart {@link #mermaid()} wrote (the code block's content). */
  static Lineage parse(String mermaid) {
    Lineage lineage = new Lineage();
    Matcher edge = EDGE.matcher(mermaid);
    while (edge.find()) {
      lineage.add(edge.group(1), edge.group(2));
    }
    return lineage;
  }

  /** A Mermaid node: its id is the name with "_" as "_u" and "." as "_d", so two names never share one. */
  private static String node(String name) {
    return name.replace("_", "_u").replace(".", "_d") + "[\"" + name + "\"]";
  }

  /**
   * The graph as an SVG image: a column per layer (lake columns, warehouse tables, marts), a box per
   * name, a curve per edge. Each box links to the table's page when {@code pageOf} has one.
   */
  String svg(java.util.function.Function<String, String> pageOf) {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    LAYERS.forEach(l -> columns.put(l, new ArrayList<>()));
    for (Edge e : edges) {
      for (String name : List.of(e.from(), e.to())) {
        List<String> column = columns.computeIfAbsent(layer(name), k -> new ArrayList<>());
        if (!column.contains(name)) {
          column.add(name);
        }
      }
    }
    columns.values().removeIf(List::isEmpty);
    int boxHeight = 26;
    int gap = 12;
    int columnGap = 90;
    Map<String, int[]> boxes = new LinkedHashMap<>();
    int x = 10;
    int height = 0;
    for (List<String> column : columns.values()) {
      int width = column.stream().mapToInt(n -> 16 + 7 * n.length()).max().orElse(80);
      int y = 10;
      for (String name : column) {
        boxes.put(name, new int[] {x, y, width});
        y += boxHeight + gap;
      }
      height = Math.max(height, y);
      x += width + columnGap;
    }
    int width = x - columnGap + 10;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"lineage\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\">\n");
    svg.append("<title>Lineage: lake columns → warehouse tables → marts</title>\n");
    for (Edge e : edges) {
      int[] from = boxes.get(e.from());
      int[] to = boxes.get(e.to());
      int x1 = from[0] + from[2];
      int y1 = from[1] + boxHeight / 2;
      int x2 = to[0];
      int y2 = to[1] + boxHeight / 2;
      int middle = (x1 + x2) / 2;
      svg.append("<path class=\"edge\" d=\"M").append(x1).append(' ').append(y1).append(" C").append(middle).append(' ').append(y1).append(' ')
          .append(middle).append(' ').append(y2).append(' ').append(x2).append(' ').append(y2).append("\"/>\n");
    }
    for (Map.Entry<String, int[]> box : boxes.entrySet()) {
      int[] b = box.getValue();
      String name = Html.escape(box.getKey());
      String page = pageOf.apply(box.getKey());
      if (page != null) {
        svg.append("<a href=\"").append(Html.escape(page)).append("\">");
      }
      svg.append("<rect class=\"node ").append(layer(box.getKey())).append("\" x=\"").append(b[0]).append("\" y=\"").append(b[1]).append("\" width=\"").append(b[2])
          .append("\" height=\"").append(boxHeight).append("\" rx=\"4\"/>");
      svg.append("<text x=\"").append(b[0] + 8).append("\" y=\"").append(b[1] + 17).append("\">").append(name).append("</text>");
      svg.append(page != null ? "</a>\n" : "\n");
    }
    return svg.append("</svg>\n").toString();
  }

  /** "lake", "warehouse" or "mart": the name's first part. */
  static String layer(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /** The table of a node: "orders" of "lake.orders.status". */
  static String tableName(String name) {
    String[] parts = name.split("\\.");
    return parts.length < 2 ? name : parts[1];
  }
}
