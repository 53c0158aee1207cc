package io.atpsync.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.schemas.serde.AvroSerde;
import io.atpsync.schemas.serde.RecordKind;
import io.atpsync.testing.ProcessRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with an independent Confluent-protocol client, npm {@code @kafkajs/confluent-schema-registry}: what
 * our serde writes through our registry, it reads; what it writes, our serde reads. Needs Node and npm.
 */
class RegistryInteropIT {

    private static final Path WORK = Path.of("target/node-interop");
    private static DevSchemaRegistry registry;
    private static AvroSerde<InventoryEvent> serde;

    @BeforeAll
    static void setUp() throws Exception {
        Files.createDirectories(WORK);
        for (String f : List.of("package.json", "package-lock.json", "interop.js")) {
            Files.copy(
                    Path.of("src/test/node/interop", f),
                    WORK.resolve(f),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/@kafkajs"))) {
            run(Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
        }
        registry = new DevSchemaRegistry(0);
        serde = new AvroSerde<>(InventoryEvent.class, RecordKind.VALUE);
        serde.configure(Map.of(RegistryClientConfig.URL, registry.url()), false);
    }

    @AfterAll
    static void tearDown() {
        registry.close();
    }

    @Test
    void shouldBeReadByTheNpmClientAndReadWhatItWrites() throws Exception {
        InventoryEvent ours = InventoryEvent.newBuilder()
                .setEventId("java-1")
                .setSource("POS")
                .setType(EventType.POS_SALE)
                .setSku("SKU-J")
                .setFacilityId("store-1")
                .setQohDiff(-2)
                .setAtpDiff(-2)
                .setOccurredAt(Instant.parse("2026-11-22T12:59:59Z"))
                .setOrderChannel("SHOPIFY")
                .build();
        Files.writeString(
                WORK.resolve("java.hex"),
                HexFormat.of().formatHex(serde.serializer().serialize("interop", ours)));

        String decoded = run(Duration.ofSeconds(60), "node", "interop.js", "decode", registry.url(), "java.hex");

        assertThat(decoded)
                .contains("\"eventId\":\"java-1\"")
                .contains("\"type\":\"POS_SALE\"")
                .contains("\"qohDiff\":-2")
                .contains("\"orderChannel\":\"SHOPIFY\"");

        run(Duration.ofSeconds(60), "node", "interop.js", "encode", registry.url(), "interop-value", "node.hex");
        byte[] theirs = HexFormat.of()
                .parseHex(Files.readString(WORK.resolve("node.hex")).trim());

        InventoryEvent read = serde.deserializer().deserialize("interop", theirs);

        assertThat(theirs[0]).isZero();
        assertThat(read.getEventId()).isEqualTo("node-1");
        assertThat(read.getType()).isEqualTo(EventType.RECEIPT);
        assertThat(read.getQohDiff()).isEqualTo(7);
        assertThat(read.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1795438799000L));
        assertThat(read.getReason()).isEqualTo("from node");
    }

    private static String run(Duration timeout, String... command) throws Exception {
        ProcessRun r = ProcessRun.of(WORK, timeout, command);
        assertThat(r.exit())
                .as("%s failed:%n%s", String.join(" ", command), r.output())
                .isZero();
        return r.output();
    }
}
