package io.atpsync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.harness.chaos.ChaosSteps;
import io.atpsync.harness.chaos.ChaosWorkload;
import io.atpsync.schemas.InventoryEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a failed chaos scenario knows of its first wrong keys, written to {@code diagnose-R<n>.txt}. */
final class ChaosDiagnosis {

    private final ChaosScenario s;

    ChaosDiagnosis(ChaosScenario s) {
        this.s = s;
    }

    /**
     * For the first wrong keys: the workload's steps for the SKU (index, kind, what), Streams' history of the key, the
     * emulator's adjustments of the item at the location and its orders, so a failure can be read after the stack is
     * gone.
     */
    void write(ChaosWorkload w, Map<String, String> items, Map<String, Long> expected, Map<String, Long> actual) {
        StringBuilder out = new StringBuilder();
        Map<String, String> skuOf = new HashMap<>();
        items.forEach((sku, item) -> skuOf.put(item, sku));
        JsonNode adjustments; // the whole history, read once for every key shown
        try {
            adjustments = s.emulator.get("/adjustments");
        } catch (Exception x) {
            adjustments = null;
            out.append("emulator adjustments not readable: ").append(x).append('\n');
        }
        int shown = 0;
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(expected).entrySet()) {
            long a = actual.getOrDefault(e.getKey(), 0L);
            if (a == e.getValue() || shown++ >= 3) {
                continue;
            }
            String item = e.getKey().substring(0, e.getKey().indexOf('|'));
            String location = e.getKey().substring(e.getKey().indexOf('|') + 1);
            String sku = skuOf.get(item);
            out.append("== ")
                    .append(sku)
                    .append(" at ")
                    .append(location)
                    .append(": expected ")
                    .append(e.getValue())
                    .append(", Shopify ")
                    .append(a)
                    .append('\n')
                    .append("faults: ")
                    .append(s.faults)
                    .append('\n');
            java.util.Set<String> orders = new java.util.TreeSet<>();
            for (int i = 0; i < w.steps.size(); i++) {
                ChaosSteps.Step s = w.steps.get(i);
                String line = null;
                if (s instanceof ChaosSteps.Publish pub && pub.event().getSku().equals(sku)) {
                    InventoryEvent ev = pub.event();
                    if (ev.getOrderId() != null) {
                        orders.add(ev.getOrderId());
                    }
                    line = ev.getType() + " " + ev.getFacilityId() + " qoh " + ev.getQohDiff() + " atp "
                            + ev.getAtpDiff()
                            + " setQoh " + ev.getSetQoh() + " setAtp " + ev.getSetAtp() + " at " + ev.getOccurredAt()
                            + " order " + ev.getOrderId() + " channel " + ev.getOrderChannel() + " id "
                            + ev.getEventId();
                } else if (s instanceof ChaosSteps.Order o && o.sku().equals(sku)) {
                    orders.add(o.orderId());
                    line = "SHOPIFY ORDER " + o.orderId() + " at " + o.location() + " units " + o.units();
                } else if (s instanceof ChaosSteps.Cancel c && c.sku().equals(sku)) {
                    line = "SHOPIFY CANCEL " + c.orderId() + " restock " + c.restock();
                } else if (s instanceof ChaosSteps.Fulfil f && orders.contains(f.orderId())) {
                    line = "SHOPIFY FULFIL " + f.orderId();
                }
                if (line != null) {
                    out.append(String.format("step %6d (%.3f) %s%n", i, i / (double) w.steps.size(), line));
                }
            }
            out.append("streams history: ")
                    .append(quietly(() -> BenchCommand.get(s.config.streams().url() + "/history/"
                                    + java.net.URLEncoder.encode(sku, java.nio.charset.StandardCharsets.UTF_8)
                                    + "?location="
                                    + java.net.URLEncoder.encode(location, java.nio.charset.StandardCharsets.UTF_8))
                            .toString()))
                    .append('\n');
            out.append("the sink's hard-sync computations for the key (connect log):\n");
            java.nio.file.Path connectLog =
                    s.config.home().resolve("connect").resolve("logs").resolve("connect.log");
            try (var lines = java.nio.file.Files.lines(connectLog, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                String needle = " at " + location + ": " + sku + " available ";
                lines.filter(x -> x.contains(needle))
                        .forEach(x -> out.append("  ").append(x).append('\n'));
            } catch (java.io.IOException | java.io.UncheckedIOException x) {
                out.append("  not readable: ").append(x).append('\n');
            }
            out.append("emulator adjustments of the item:\n");
            for (JsonNode adj : adjustments == null ? List.<JsonNode>of() : adjustments) {
                for (JsonNode ch : adj.path("changes")) {
                    if (ch.path("itemId").asText().equals(item)
                            && ch.path("locationId").asText().equals(location)) {
                        out.append("  ")
                                .append(adj.path("createdAt").asText())
                                .append(' ')
                                .append(adj.path("mutation").asText())
                                .append(' ')
                                .append(adj.path("reason").asText())
                                .append(' ')
                                .append(adj.path("reference").asText())
                                .append(' ')
                                .append(ch)
                                .append('\n');
                    }
                }
            }
            for (String order : orders) {
                out.append("order ")
                        .append(order)
                        .append(": ")
                        .append(quietly(() -> s.emulator.get("/orders/" + order).toString()))
                        .append('\n');
            }
        }
        try {
            java.nio.file.Files.createDirectories(s.diagnostics);
            java.nio.file.Files.writeString(
                    s.diagnostics.resolve("diagnose-" + s.kind.name() + ".txt"), out.toString());
            s.say(
                    "%s: what is known of the wrong keys is in %s",
                    s.kind, s.diagnostics.resolve("diagnose-" + s.kind.name() + ".txt"));
        } catch (java.io.IOException x) {
            s.say("%s: could not write diagnostics: %s", s.kind, x);
        }
    }

    private interface Read {
        String get() throws Exception;
    }

    private static String quietly(Read r) {
        try {
            return r.get();
        } catch (Exception e) {
            return "(not readable: " + e + ")";
        }
    }
}
