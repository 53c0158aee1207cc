package io.atpsync.cli;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InboundShipmentLine;
import io.atpsync.schemas.InventoryEvent;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atp-sync receive SHIPMENT [--file receipts.csv]}: what arrived of an expected shipment becomes
 * TRANSFER_RECEIPT events, and the shipment's lines record it, in one transaction. The receipt id (the file's checksum,
 * or "all") makes receiving the same receipt twice a no-op.
 */
@Command(
        name = "receive",
        mixinStandardHelpOptions = true,
        description = {
            "Receive an expected shipment: every outstanding line in "
                    + "full, or what --file lists (sku,quantity[,facilityId]).",
            "Publishes TRANSFER_RECEIPT events and the shipment lines' received quantities in one transaction."
        })
final class ReceiveCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHIPMENT", description = "The shipment id, as imported with ./atp-sync import shipments.")
    String shipment;

    @Option(
            names = "--file",
            description = "Received lines: sku,quantity[,facilityId] (UTF-8 "
                    + "CSV with a header). Default: everything outstanding.")
    Path file;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<InboundShipmentLine> lines = CompactedTopic.latest(
                        kafka, kafka.topics().shipments())
                .values()
                .stream()
                .filter(l -> l.getShipmentId().equals(shipment))
                .toList();
        if (lines.isEmpty()) {
            err.println("no expected lines for shipment " + shipment + " in "
                    + kafka.topics().shipments().name() + ": import it first (./atp-sync import shipments FILE.csv)");
            return 4;
        }
        String receiptId = file == null ? "all" : InventoryFile.checksum(file).substring(0, 16);
        Map<InboundShipmentLine, Long> received = new LinkedHashMap<>();
        List<String> problems = file == null ? receiveAll(lines, received) : receiveFile(lines, received);
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            err.println(problems.size() + " problem(s); nothing was received");
            return 1;
        }
        Instant now = Instant.now();
        List<InventoryEvent> events = new ArrayList<>();
        List<InboundShipmentLine> updated = new ArrayList<>();
        long already = 0;
        for (var e : received.entrySet()) {
            InboundShipmentLine l = e.getKey();
            if (l.getReceipts().contains(receiptId)) {
                already++;
                continue;
            }
            events.add(InventoryEvent.newBuilder()
                    .setEventId("receive-" + shipment + "-" + receiptId + "-" + l.getFacilityId() + "-" + l.getSku())
                    .setSource("RECEIVING")
                    .setType(EventType.TRANSFER_RECEIPT)
                    .setSku(l.getSku())
                    .setFacilityId(l.getFacilityId())
                    .setQohDiff(e.getValue())
                    .setAtpDiff(e.getValue())
                    .setOccurredAt(now)
                    .setReason("shipment " + shipment + " receipt " + receiptId)
                    .build());
            List<String> receipts = new ArrayList<>(l.getReceipts());
            receipts.add(receiptId);
            updated.add(InboundShipmentLine.newBuilder(l)
                    .setReceivedQuantity(l.getReceivedQuantity() + e.getValue())
                    .setReceipts(receipts)
                    .setUpdatedAt(now)
                    .build());
        }
        OneTransaction.publish(kafka.clientConfigs(), sender -> {
            events.forEach(ev -> sender.send(kafka.topics().inventoryEvents(), ev));
            updated.forEach(l -> sender.send(kafka.topics().shipments(), l));
            return events.size() + updated.size();
        });
        long units = events.stream().mapToLong(InventoryEvent::getQohDiff).sum();
        out.printf(
                "shipment %s: %d line(s) received (%d unit(s)) as TRANSFER_RECEIPT events%s%n",
                shipment,
                events.size(),
                units,
                already == 0
                        ? ""
                        : "; " + already + " line(s) already had receipt " + receiptId + " and were left alone");
        for (InboundShipmentLine l : updated) {
            long outstanding = Math.max(0, l.getExpectedQuantity() - l.getReceivedQuantity());
            out.printf(
                    "  %s at %s: %d of %d received%s%n",
                    l.getSku(),
                    l.getFacilityId(),
                    l.getReceivedQuantity(),
                    l.getExpectedQuantity(),
                    outstanding == 0 ? "" : ", " + outstanding + " still incoming");
        }
        return 0;
    }

    private static List<String> receiveAll(List<InboundShipmentLine> lines, Map<InboundShipmentLine, Long> received) {
        for (InboundShipmentLine l : lines) {
            long outstanding = l.getExpectedQuantity() - l.getReceivedQuantity();
            if (outstanding > 0) {
                received.put(l, outstanding);
            }
        }
        return List.of();
    }

    /** Every row checked first; a SKU must be on the shipment, and a facility named where the SKU goes to several. */
    private List<String> receiveFile(List<InboundShipmentLine> lines, Map<InboundShipmentLine, Long> received)
            throws Exception {
        String name = file.getFileName().toString();
        java.util.Optional<String> notUtf8 = InventoryFile.notUtf8(file);
        if (notUtf8.isPresent()) {
            return List.of(notUtf8.get());
        }
        List<String> problems = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVParser.parse(reader, InventoryFile.CSV)) {
            if (!csv.getHeaderNames().containsAll(List.of("sku", "quantity"))) {
                return List.of(name + ":1: expected columns sku,quantity[,facilityId], found "
                        + String.join(",", csv.getHeaderNames()));
            }
            for (CSVRecord row : csv) {
                long line = csv.getCurrentLineNumber();
                try {
                    String sku = row.get("sku");
                    long quantity = ConfigFile.positive(row, "quantity");
                    String facility =
                            row.isMapped("facilityId") && !row.get("facilityId").isEmpty()
                                    ? row.get("facilityId")
                                    : null;
                    List<InboundShipmentLine> matches = lines.stream()
                            .filter(l -> l.getSku().equals(sku)
                                    && (facility == null || l.getFacilityId().equals(facility)))
                            .toList();
                    if (matches.isEmpty()) {
                        throw new IllegalArgumentException("sku " + sku + (facility == null ? "" : " at " + facility)
                                + " is not on shipment " + shipment);
                    }
                    if (matches.size() > 1) {
                        throw new IllegalArgumentException("sku " + sku + " goes to " + matches.size()
                                + " facilities on shipment " + shipment + ": add a facilityId column");
                    }
                    if (received.merge(matches.get(0), quantity, Long::sum) != quantity) {
                        throw new IllegalArgumentException("sku " + sku + " is listed twice");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(name + ":" + line + ": " + e.getMessage());
                }
            }
        }
        return problems;
    }
}
