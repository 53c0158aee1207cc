package io.atpsync.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ShopifyOrder;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonToAvroTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = """
            {"eventId":"e1","source":"POS","type":"POS_SALE","sku":"SKU-1","facilityId":"s1","qohDiff":-1,"atpDiff":-1,
             "occurredAt":"2026-11-22T12:59:59Z"}""";

    private static JsonToAvro.Result<InventoryEvent> event(String json) throws Exception {
        return JsonToAvro.convert(JSON.readTree(json), InventoryEvent.class);
    }

    @Test
    void shouldReadPlainJsonWithOmittedNullablesAndIsoTimestamps() throws Exception {
        InventoryEvent e = event(EVENT).record();

        assertThat(e.getType()).isEqualTo(EventType.POS_SALE);
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2026-11-22T12:59:59Z"));
        assertThat(e.getSetQoh()).isNull();
        assertThat(e.getOrderChannel()).isNull();
    }

    @Test
    void shouldTakeEpochMillisAndBareUnionValues() throws Exception {
        InventoryEvent e = event(EVENT.replace("\"2026-11-22T12:59:59Z\"", "1795438799000")
                        .replace("\"atpDiff\":-1", "\"atpDiff\":-1,\"setQoh\":5,\"orderChannel\":\"SHOPIFY\""))
                .record();

        assertThat(e.getOccurredAt().toEpochMilli()).isEqualTo(1795438799000L);
        assertThat(e.getSetQoh()).isEqualTo(5L);
        assertThat(e.getOrderChannel()).isEqualTo("SHOPIFY");
    }

    @Test
    void shouldFillDefaultsOfOmittedNonNullFields() throws Exception {
        InventoryEvent e =
                event(EVENT.replace(",\"qohDiff\":-1,\"atpDiff\":-1", "")).record();
        assertThat(e.getQohDiff()).isZero();
        assertThat(e.getAtpDiff()).isZero();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"type\":\"POS_SALE\"                 | type: expected one of [RECEIPT",
                "\"qohDiff\":-1                        | qohDiff: expected an integer, got \"x\"",
                "\"occurredAt\":\"2026-11-22T12:59:59Z\" | occurredAt: expected epoch millis or an ISO-8601 instant",
                "\"sku\":\"SKU-1\"                     | sku: expected a string, got 17",
            })
    void shouldNameTheFieldAndTheReason(String original, String expected) throws Exception {
        String broken = switch (original.substring(1, original.indexOf('"', 1))) {
            case "type" -> EVENT.replace(original, "\"type\":\"SOLD\"");
            case "qohDiff" -> EVENT.replace(original, "\"qohDiff\":\"x\"");
            case "occurredAt" -> EVENT.replace(original, "\"occurredAt\":\"yesterday\"");
            default -> EVENT.replace(original, "\"sku\":17");
        };
        assertThat(event(broken).problems()).anySatisfy(p -> assertThat(p).startsWith(expected));
    }

    @Test
    void shouldReportMissingRequiredAndUnknownFieldsTogether() throws Exception {
        List<String> problems = event("{\"eventId\":\"e1\",\"qohdiff\":3}").problems();

        assertThat(problems).contains("sku: required", "facilityId: required", "occurredAt: required");
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("qohdiff: unknown field"));
    }

    @Test
    void shouldConvertNestedArraysOfRecordsWithIndexedPaths() throws Exception {
        String order = """
                {"shop":"demo.myshopify.com","orderId":"1","status":"CREATED","occurredAt":1,
                 "lines":[{"sku":"A","quantity":2},{"sku":"B","quantity":"two"}]}""";
        assertThat(JsonToAvro.convert(JSON.readTree(order), ShopifyOrder.class).problems())
                .containsExactly("lines[1].quantity: expected an integer, got \"two\"");
        String mapping =
                "{\"shopifyLocationId\":\"gid://shopify/Location/1\",\"shop\":\"s\",\"facilityIds\":[\"f1\",\"f2\"]}";
        assertThat(JsonToAvro.convert(JSON.readTree(mapping), LocationMapping.class)
                        .record()
                        .getFacilityIds())
                .containsExactly("f1", "f2");
    }

    @Test
    void shouldReportEveryBadLineWithFileAndLineNumber() {
        String file = EVENT.replace("\n", "") + "\n\n{not json}\n"
                + EVENT.replace("\n", "").replace("POS_SALE", "SOLD") + "\n";
        List<InventoryEvent> good = new ArrayList<>();

        JsonLines.Summary summary = JsonLines.read(
                new BufferedReader(new StringReader(file)),
                "events.jsonl",
                InventoryEvent.class,
                100,
                (line, e) -> good.add(e),
                bytes -> {});

        assertThat(good).hasSize(1);
        assertThat(summary.valid()).isFalse();
        assertThat(summary.problems()).hasSize(2);
        assertThat(summary.problems().get(0)).startsWith("events.jsonl:3: (line): not valid JSON");
        assertThat(summary.problems().get(1)).startsWith("events.jsonl:4: type: expected one of");
    }
}
