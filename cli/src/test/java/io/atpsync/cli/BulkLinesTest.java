package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.ShopifyLevel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant READ_AT = Instant.parse("2026-11-23T00:00:00Z");

    @Test
    void catalogKeepsSkusOfExactlyOneItemAndReportsTheRest() throws Exception {
        BulkLines.Catalog c = new BulkLines.Catalog("s.myshopify.com");
        for (String line : List.of(
                "{\"id\":\"gid://shopify/InventoryItem/1\",\"sku\":\"A\",\"updatedAt\":\"2026-11-01T00:00:00Z\","
                        + "\"variant\":{\"id\":\"gid://shopify/ProductVariant/9\"}}",
                "{\"id\":\"gid://shopify/InventoryItem/2\",\"sku\":\"B\",\"updatedAt\":null,\"variant\":null}",
                "{\"id\":\"gid://shopify/InventoryItem/3\",\"sku\":\"B\"}",
                "{\"id\":\"gid://shopify/InventoryItem/4\",\"sku\":\"  \"}",
                "{\"id\":\"gid://shopify/InventoryItem/5\"}")) {
            c.accept(JSON.readTree(line));
        }
        assertThat(c.items())
                .containsExactly(new CatalogItem(
                        "s.myshopify.com",
                        "A",
                        "gid://shopify/InventoryItem/1",
                        "gid://shopify/ProductVariant/9",
                        Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(c.duplicates())
                .isEqualTo(Map.of("B", List.of("gid://shopify/InventoryItem/2", "gid://shopify/InventoryItem/3")));
        assertThat(c.withoutSku).isEqualTo(2);
    }

    @Test
    void levelsJoinTheirItemByParentIdAndFilterALocation() throws Exception {
        BulkLines.Levels l = new BulkLines.Levels("s.myshopify.com", "gid://shopify/Location/1", READ_AT);
        for (String line : List.of(
                "{\"id\":\"gid://shopify/InventoryItem/1\",\"sku\":\"A\"}",
                "{\"location\":{\"id\":\"gid://shopify/Location/1\"},"
                        + "\"quantities\":[{\"name\":\"available\",\"quantity\":7}],"
                        + "\"updatedAt\":\"2026-11-20T10:00:00Z\",\"__parentId\":\"gid://shopify/InventoryItem/1\"}",
                "{\"location\":{\"id\":\"gid://shopify/Location/2\"},"
                        + "\"quantities\":[{\"name\":\"available\",\"quantity\":3}],"
                        + "\"__parentId\":\"gid://shopify/InventoryItem/1\"}",
                "{\"id\":\"gid://shopify/InventoryItem/2\",\"sku\":\"\"}",
                "{\"location\":{\"id\":\"gid://shopify/Location/1\"},"
                        + "\"quantities\":[{\"name\":\"available\",\"quantity\":-2}],"
                        + "\"__parentId\":\"gid://shopify/InventoryItem/2\"}",
                "{\"location\":{\"id\":\"gid://shopify/Location/1\"},"
                        + "\"quantities\":[],\"__parentId\":\"gid://shopify/InventoryItem/404\"}")) {
            l.accept(JSON.readTree(line));
        }
        assertThat(l.levels)
                .containsExactly(
                        new ShopifyLevel(
                                "s.myshopify.com",
                                "gid://shopify/InventoryItem/1",
                                "gid://shopify/Location/1",
                                7L,
                                Instant.parse("2026-11-20T10:00:00Z"),
                                "A"),
                        new ShopifyLevel(
                                "s.myshopify.com",
                                "gid://shopify/InventoryItem/2",
                                "gid://shopify/Location/1",
                                -2L,
                                READ_AT,
                                null));
        assertThat(l.orphans).isEqualTo(1);
    }
}
