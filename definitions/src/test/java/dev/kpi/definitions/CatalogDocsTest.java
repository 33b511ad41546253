package dev.kpi.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpi.definitions.shop.ShopCatalog;
import dev.kpi.runtime.docs.CatalogDocs;
import dev.kpi.runtime.docs.DocsFolder;
import dev.kpi.runtime.testing.TblsFormat;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shop's catalog pages committed in definitions/catalog are what the definitions generate,
 * as the golden SQL is: a changed description, a new KPI or table shows in the pull request.
 * {@code -Dkpi.golden.update=true} (the README's step 3) rewrites them with the golden SQL.
 */
@ExtendWith(ShopCatalogIsValid.class)
class CatalogDocsTest {
  private static final Path PAGES = Path.of("catalog");

  @Test
  void theCommittedCatalogPagesAreWhatTheDefinitionsGenerate() {
    Map<String, String> pages = new CatalogDocs(ShopCatalog.build()).pages();
    DocsFolder folder = new DocsFolder(PAGES);
    if (Boolean.getBoolean("kpi.golden.update")) {
      folder.write(pages);
    }
    assertThat(folder.differences(pages))
        .as("definitions/catalog is not what the definitions generate; rewrite it with ./mvnw -q verify -pl definitions -am -Dkpi.golden.update=true"
            + " (or ./kpi docs --out definitions/catalog --format markdown) and review git status definitions/catalog")
        .isEmpty();
  }

  @Test
  void theShopsSchemaJsonIsInTblsFormatWithItsRelations() {
    var shop = ShopCatalog.build();
    String json = new CatalogDocs(shop).pages().get(CatalogDocs.SCHEMA_JSON);
    TblsFormat.check(json, shop);
    assertThat(com.google.gson.JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("relations")).as("the lake contract's references and the foreign keys").isNotEmpty();
  }
}
