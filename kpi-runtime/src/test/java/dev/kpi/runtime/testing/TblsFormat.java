package dev.kpi.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.model.catalog.Catalog;
import java.util.Map;
import java.util.Set;

/** Checks a schema.json against tbls' JSON format. */
public final class TblsFormat {
  private TblsFormat() {}

  /**
   * schema.json in tbls' JSON format: each object has the fields tbls requires and no field tbls
   * does not know (its JSON Schema forbids others), and every name a relation or viewpoint uses is
   * a table (and a column) of the file; every table of the catalog is in it. The fields are those
   * of tbls' schema for its JSON format (spec/tbls.schema.json_schema.json in tbls' repository).
   */
  public static void check(String json, Catalog catalog) {
    com.google.gson.JsonObject schema = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
    assertFields(schema, Set.of("tables"), Set.of("name", "desc", "tables", "relations", "functions", "enums", "driver", "labels", "viewpoints"));
    Map<String, Set<String>> columns = new java.util.HashMap<>();
    for (var element : schema.getAsJsonArray("tables")) {
      var table = element.getAsJsonObject();
      assertFields(table, Set.of("name", "type", "columns"), Set.of("name", "type", "comment", "columns", "indexes", "constraints", "triggers", "def", "labels", "referenced_tables"));
      Set<String> names = new java.util.HashSet<>();
      for (var c : table.getAsJsonArray("columns")) {
        assertFields(c.getAsJsonObject(), Set.of("name", "type", "nullable"), Set.of("name", "type", "nullable", "default", "extra_def", "labels", "comment"));
        names.add(c.getAsJsonObject().get("name").getAsString());
      }
      if (table.has("constraints")) {
        for (var c : table.getAsJsonArray("constraints")) {
          assertFields(c.getAsJsonObject(), Set.of("name", "type", "def", "table"), Set.of("name", "type", "def", "table", "referenced_table", "columns", "referenced_columns", "comment"));
          c.getAsJsonObject().getAsJsonArray("columns").forEach(n -> assertThat(names).contains(n.getAsString()));
        }
      }
      columns.put(table.get("name").getAsString(), names);
    }
    catalog.lakeTables().forEach(t -> assertThat(columns).containsKey("lake." + t.name()));
    catalog.warehouseTables().forEach(t -> assertThat(columns).containsKey("warehouse." + t.name()));
    catalog.marts().forEach(m -> assertThat(columns.get("mart." + m.name())).containsAll(m.metrics()));
    for (var element : schema.getAsJsonArray("relations")) {
      var relation = element.getAsJsonObject();
      assertFields(relation, Set.of("table", "columns", "parent_table", "parent_columns", "def"), Set.of("table", "columns", "cardinality", "parent_table", "parent_columns", "parent_cardinality", "def", "virtual"));
      assertThat(Set.of("zero_or_one", "exactly_one", "zero_or_more", "one_or_more")).contains(relation.get("cardinality").getAsString(), relation.get("parent_cardinality").getAsString());
      relation.getAsJsonArray("columns").forEach(c -> assertThat(columns.get(relation.get("table").getAsString())).contains(c.getAsString()));
      relation.getAsJsonArray("parent_columns").forEach(c -> assertThat(columns.get(relation.get("parent_table").getAsString())).contains(c.getAsString()));
    }
    assertThat(schema.getAsJsonArray("viewpoints")).hasSize(catalog.marts().size());
    for (var element : schema.getAsJsonArray("viewpoints")) {
      var viewpoint = element.getAsJsonObject();
      assertFields(viewpoint, Set.of("name", "desc"), Set.of("id", "name", "desc", "labels", "tables", "distance", "groups"));
      viewpoint.getAsJsonArray("tables").forEach(t -> assertThat(columns).containsKey(t.getAsString()));
    }
    assertFields(schema.getAsJsonObject("driver"), Set.of("name"), Set.of("name", "database_version", "meta"));
  }

  private static void assertFields(com.google.gson.JsonObject object, Set<String> required, Set<String> allowed) {
    assertThat(object.keySet()).as("fields of %s", object).containsAll(required);
    assertThat(allowed).as("tbls knows the fields of %s", object).containsAll(object.keySet());
  }
}
