package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.CatalogItem;
import org.junit.jupiter.api.Test;

/** {@code atp-sync consume} prints one JSON object per record, whatever the key holds. */
class ConsumeLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldWriteValidJsonForAKeyWithQuotesAndKeepTheRecordAsAnObject() throws Exception {
        CatalogItem item =
                new CatalogItem("demo.myshopify.com", "TEE \"M\"", "gid://shopify/InventoryItem/1", null, null);

        JsonNode line = JSON.readTree(ConsumeCommand.line(2, 41, "demo|TEE \"M\"", item));

        assertThat(line.path("partition").asInt()).isEqualTo(2);
        assertThat(line.path("offset").asLong()).isEqualTo(41);
        assertThat(line.path("key").asText()).isEqualTo("demo|TEE \"M\"");
        assertThat(line.path("value").path("sku").asText()).isEqualTo("TEE \"M\"");
        assertThat(JSON.readTree(ConsumeCommand.line(0, 0, null, null))
                        .path("key")
                        .isNull())
                .isTrue();
    }
}
