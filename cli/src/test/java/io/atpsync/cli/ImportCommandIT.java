package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.local.DevSchemaRegistry;
import io.atpsync.local.TopicCreator;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.testing.CommandRun;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** ERP inventory files: a whole file or nothing, every bad line named, re-imports harmless, a drop folder. */
@ExtendWith(KafkaBrokerExtension.class)
class ImportCommandIT {

    private static DevSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = new DevSchemaRegistry(0);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private static Topics topics(KafkaBroker kafka) {
        Topics topics = new Topics("imp-" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 2, (short) 1);
        return topics;
    }

    private static String[] args(KafkaBroker kafka, Topics topics, String... more) {
        List<String> a = new ArrayList<>(List.of(more));
        a.addAll(List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--registry-url",
                registry.url(),
                "--topic-prefix",
                topics.prefix()));
        return a.toArray(String[]::new);
    }

    @Test
    void shouldPublishAResetFileOnceAndGiveARepeatedImportTheSameEventIds(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        Path file = Files.writeString(
                dir.resolve("reset-1.csv"), "facilityId,sku,quantity,atp\nstore-1,SKU-A,40,\nwh-1,\"SKU-B\",7,5\n");

        CommandRun first = CliRun.of(args(
                kafka,
                topics,
                "import",
                "inventory",
                file.toString(),
                "--mode",
                "reset",
                "--as-of",
                "2026-11-22T06:00:00Z"));
        CommandRun again = CliRun.of(args(
                kafka,
                topics,
                "import",
                "inventory",
                file.toString(),
                "--mode",
                "reset",
                "--as-of",
                "2026-11-22T06:00:00Z"));

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.out()).contains("published 2 event(s)");
        List<InventoryEvent> events = read(kafka, topics, 4);
        assertThat(events).extracting(InventoryEvent::getType).containsOnly(EventType.RESET);
        assertThat(again.exitCode()).isZero();
        assertThat(events.stream().map(InventoryEvent::getEventId).distinct().count())
                .as("the same file gives the same ids: the Streams app ignores the second import")
                .isEqualTo(2);
        assertThat(events).filteredOn(e -> e.getSku().equals("SKU-B")).allSatisfy(e -> {
            assertThat(e.getSetQoh()).isEqualTo(7);
            assertThat(e.getSetAtp()).isEqualTo(5);
        });
    }

    @Test
    void shouldPublishNothingFromAFileWithAnyBadRowAndNameEachLine(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        Path file = Files.writeString(
                dir.resolve("delta.csv"),
                String.join(
                                "\n",
                                "facilityId,sku,qohDiff,atpDiff,type,reason",
                                "store-1,SKU-A,-1,-1,POS_SALE,till 4",
                                "store-1,SKU-A,5,5,POS_SALE,wrong sign",
                                "store-1,=cmd|' /C calc'!A0,1,1,RECEIPT,injection",
                                "store-1,SKU-B,two,1,RECEIPT,not a number",
                                "store-1,SKU-B,1,1,SOLD,unknown type",
                                "store-1,SKU-C,2000000000,0,ADJUSTMENT,absurd")
                        + "\n");

        CommandRun run = CliRun.of(args(kafka, topics, "import", "inventory", file.toString(), "--mode", "delta"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "delta.csv:3: POS_SALE requires diffs < 0",
                        "delta.csv:4: sku '=cmd",
                        "looks like a spreadsheet formula",
                        "delta.csv:5: qohDiff 'two' is not a whole number",
                        "delta.csv:6: type 'SOLD' is not an event type",
                        "delta.csv:7: quantity 2000000000 is beyond",
                        "5 problem(s)",
                        "nothing was published");
        assertThat(read(kafka, topics, 0)).isEmpty();
    }

    @Test
    void shouldCarryAnEffectiveAtColumnAsFutureDatedStockAndNameABadOne(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        Path bad = Files.writeString(
                dir.resolve("restock-bad.csv"),
                "facilityId,sku,qohDiff,atpDiff,type,reason,effectiveAt\n"
                        + "wh-1,SKU-A,24,24,RECEIPT,PO-9,2026-12-24T06:00:00Z\n"
                        + "wh-1,SKU-B,6,6,RECEIPT,PO-9,24/12/2026 06:00\n");
        Path good = Files.writeString(
                dir.resolve("restock.csv"),
                "facilityId,sku,qohDiff,atpDiff,type,reason,effectiveAt\n"
                        + "wh-1,SKU-A,24,24,RECEIPT,PO-9,2026-12-24T06:00:00Z\n"
                        + "wh-1,SKU-B,6,6,RECEIPT,PO-9,\n");

        CommandRun refused = CliRun.of(args(kafka, topics, "import", "inventory", bad.toString(), "--mode", "delta"));
        CommandRun run = CliRun.of(args(kafka, topics, "import", "inventory", good.toString(), "--mode", "delta"));

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err())
                .contains("restock-bad.csv:3: effectiveAt '24/12/2026 06:00' is not an ISO-8601 instant");
        assertThat(run.exitCode()).as(run.output()).isZero();
        List<InventoryEvent> events = read(kafka, topics, 2);
        assertThat(events)
                .extracting(InventoryEvent::getSku, InventoryEvent::getEffectiveAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("SKU-A", java.time.Instant.parse("2026-12-24T06:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple("SKU-B", null));
    }

    @Test
    void shouldRefuseWrongColumnsAndBadEncoding(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        Path columns = Files.writeString(dir.resolve("cols.csv"), "facility,sku,qty\nstore-1,A,1\n");
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(
                latin1,
                "facilityId,sku,quantity\nstore-1,A,1\nstore-1,Caf\u00e9,2\n"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(CliRun.of(args(kafka, topics, "import", "inventory", columns.toString(), "--mode", "reset"))
                        .err())
                .contains("cols.csv:1: expected columns facilityId,sku,quantity[,atp]");
        assertThat(CliRun.of(args(kafka, topics, "import", "inventory", latin1.toString(), "--mode", "reset"))
                        .err())
                .contains("latin1.csv:3: not valid UTF-8");
        assertThat(read(kafka, topics, 0)).isEmpty();
    }

    @Test
    void shouldSortADropFolderIntoProcessedAndFailed(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(inbox.resolve("reset-store.csv"), "facilityId,sku,quantity\nstore-1,SKU-A,3\n");
        Files.writeString(
                inbox.resolve("delta-bad.csv"),
                "facilityId,sku,qohDiff,atpDiff,type,reason\nstore-1,SKU-A,1,1,POS_SALE,x\n");
        Files.writeString(inbox.resolve("notes.txt"), "not for us");

        CommandRun run = CliRun.of(args(kafka, topics, "import", "watch", "--inbox", inbox.toString(), "--once"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(inbox.resolve("processed/reset-store.csv")).exists();
        assertThat(inbox.resolve("failed/delta-bad.csv")).exists();
        assertThat(Files.readString(inbox.resolve("failed/delta-bad.csv.errors.txt")))
                .contains("delta-bad.csv:2: POS_SALE requires diffs < 0");
        assertThat(inbox.resolve("notes.txt")).exists();
        assertThat(read(kafka, topics, 1))
                .singleElement()
                .satisfies(e -> assertThat(e.getSetQoh()).isEqualTo(3));
    }

    @Test
    void shouldRecordExpectedShipmentsAndReceiveThemOnceAsTransferReceipts(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        Path expected = Files.writeString(
                dir.resolve("shipments.csv"),
                "shipmentId,facilityId,sku,quantity,expectedAt\nTO-7,store-1,"
                        + "SKU-A,10,2026-11-25T09:00:00Z\nTO-7,store-1,SKU-B,4,\n");
        Path bad = Files.writeString(
                dir.resolve("shipments-bad.csv"), "shipmentId,facilityId,sku,quantity\nTO-8,store-1,SKU-A,0\n");
        Path partial = Files.writeString(dir.resolve("receipts.csv"), "sku,quantity\nSKU-A,6\n");
        Path unknown = Files.writeString(dir.resolve("receipts-bad.csv"), "sku,quantity\nSKU-Z,1\n");

        CommandRun imported = CliRun.of(args(kafka, topics, "import", "shipments", expected.toString()));
        CommandRun refused = CliRun.of(args(kafka, topics, "import", "shipments", bad.toString()));
        CommandRun wrongSku = CliRun.of(args(kafka, topics, "receive", "TO-7", "--file", unknown.toString()));
        CommandRun first = CliRun.of(args(kafka, topics, "receive", "TO-7", "--file", partial.toString()));
        CommandRun again = CliRun.of(args(kafka, topics, "receive", "TO-7", "--file", partial.toString()));
        CommandRun rest = CliRun.of(args(kafka, topics, "receive", "TO-7"));
        CommandRun missing = CliRun.of(args(kafka, topics, "receive", "TO-404"));

        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(imported.out()).contains("published 2 shipments record(s)");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("shipments-bad.csv:2: quantity must be more than 0");
        assertThat(wrongSku.exitCode()).isEqualTo(1);
        assertThat(wrongSku.err()).contains("receipts-bad.csv:2: sku SKU-Z is not on shipment TO-7");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.out())
                .contains("1 line(s) received (6 unit(s))", "SKU-A at store-1: 6 of 10 received, 4 still incoming");
        assertThat(again.out()).contains("0 line(s) received", "1 line(s) already had receipt");
        assertThat(rest.out())
                .contains(
                        "2 line(s) received (8 unit(s))",
                        "SKU-A at store-1: 10 of 10 received",
                        "SKU-B at store-1: 4 of 4 received");
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).contains("no expected lines for shipment TO-404");

        List<InventoryEvent> receipts = read(kafka, topics, 0); // everything: a doubled receipt would show
        assertThat(receipts).hasSize(3);
        assertThat(receipts).allSatisfy(e -> assertThat(e.getType()).isEqualTo(EventType.TRANSFER_RECEIPT));
        assertThat(receipts.stream()
                        .filter(e -> e.getSku().equals("SKU-A"))
                        .mapToLong(InventoryEvent::getQohDiff)
                        .sum())
                .isEqualTo(10);
        assertThat(receipts.stream()
                        .filter(e -> e.getSku().equals("SKU-B"))
                        .mapToLong(InventoryEvent::getQohDiff)
                        .sum())
                .isEqualTo(4);
    }

    @Test
    void shouldRefuseAnInboxThatDoesNotExistInsteadOfCreatingIt(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        Path typo = dir.resolve("inbx");

        CommandRun run = CliRun.of(args(kafka, topics, "import", "watch", "--inbox", typo.toString(), "--once"));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.err())
                .contains("inbox " + typo.toAbsolutePath() + " does not exist or is not a folder: check --inbox");
        assertThat(typo).doesNotExist();
    }

    @Test
    void shouldRefuseAOneGibFileUnreadAndMoveItToFailedWithTheReason(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        Path inbox = Files.createDirectories(dir.resolve("inbox-big"));
        Path huge = inbox.resolve("reset-huge.csv");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 30); // sparse: 1 GiB on paper, nothing on disk
        }
        Files.writeString(inbox.resolve("reset-small.csv"), "facilityId,sku,quantity\nstore-1,SKU-1,4\n");

        CommandRun run = CliRun.of(args(kafka, topics, "import", "watch", "--inbox", inbox.toString(), "--once"));

        assertThat(run.output()).contains("reset-huge.csv: 1.0 GiB is more than the 512 MiB limit (--max-size)");
        assertThat(inbox.resolve("failed/reset-huge.csv")).exists();
        assertThat(Files.readString(inbox.resolve("failed/reset-huge.csv.errors.txt")))
                .contains("1.0 GiB is more than the 512 MiB limit");
        assertThat(read(kafka, topics, 1))
                .as("the good file next to it, once")
                .singleElement()
                .satisfies(e -> assertThat(e.getSku()).isEqualTo("SKU-1"));
    }

    @Test
    void shouldStreamALargeFileInOneTransaction(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        Path big = dir.resolve("reset-big.csv");
        int rows = 200_000;
        try (var w = Files.newBufferedWriter(big)) {
            w.write("facilityId,sku,quantity\n");
            for (int i = 0; i < rows; i++) {
                w.write("F" + (i % 50) + ",SKU-" + i + "," + (i % 97) + "\n");
            }
        }
        long t0 = System.nanoTime();
        // --settle-above -1: this test is about publishing; settling a big reset needs the Streams app (below).
        CommandRun run = CliRun.of(
                args(kafka, topics, "import", "inventory", big.toString(), "--mode", "reset", "--settle-above", "-1"));
        System.out.printf("imported %d rows in %d ms%n", rows, (System.nanoTime() - t0) / 1_000_000);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.out()).contains("published " + rows + " event(s)");
    }

    @Test
    void shouldGiveUpSettlingABigResetWhenNoStreamsAppRunsAndSayHowToResume(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        Path file = Files.writeString(dir.resolve("reset-settle.csv"), "facilityId,sku,quantity\nF1,SKU-1,4\n");

        CommandRun run = CliRun.of(args(
                kafka,
                topics,
                "import",
                "inventory",
                file.toString(),
                "--mode",
                "reset",
                "--settle-above",
                "0",
                "--application-id",
                "no-such-app-" + System.nanoTime(),
                "--settle-timeout",
                "PT3S"));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.out()).contains("published 1 event(s)");
        assertThat(run.err())
                .contains("published, but not in Shopify yet")
                .contains("no Streams app instance is in group no-such-app-")
                .contains("import the same file again");
    }

    private static List<InventoryEvent> read(KafkaBroker kafka, Topics topics, int expected) {
        Map<String, Object> c = Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "r" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                RegistryClientConfig.URL,
                registry.url());
        List<InventoryEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, InventoryEvent> consumer = new KafkaConsumer<>(
                c,
                new StringDeserializer(),
                topics.inventoryEvents().valueSerde(c).deserializer())) {
            consumer.subscribe(List.of(topics.inventoryEvents().name()));
            long deadline = System.nanoTime()
                    + Duration.ofSeconds(expected == 0 ? 4 : 30).toNanos();
            while (System.nanoTime() < deadline && (expected == 0 || out.size() < expected)) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }
}
