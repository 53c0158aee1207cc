package io.atpsync.streams.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Batch ids carry the task's partition, so a partition count that changed under a running application would hand one
 * partition's sequence to another's keys, and a kit's parts must reach the task that owns the kit. The app refuses to
 * start when {@code atp.control}, {@code atp.kit-parts} or its own repartition topics disagree with
 * {@code inventory.events}.
 */
public final class PartitionCheck {

    private PartitionCheck() {}

    /**
     * @param counts partitions per topic name (every topic the cluster lists)
     * @param events the inventory.events topic
     * @param control the atp.control topic
     * @param applicationId the Streams application id (its repartition topics are {@code <id>-...-repartition})
     * @param alike more topics that must have as many partitions (atp.kit-parts)
     * @return one message per disagreeing topic; empty when all agree
     */
    public static List<String> mismatches(
            Map<String, Integer> counts, String events, String control, String applicationId, String... alike) {
        Integer expected = counts.get(events);
        List<String> out = new ArrayList<>();
        if (expected == null) {
            return out;
        }
        Map<String, Integer> checked = new TreeMap<>();
        for (String name : java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(control), java.util.Arrays.stream(alike))
                .toList()) {
            if (counts.containsKey(name)) {
                checked.put(name, counts.get(name));
            }
        }
        counts.forEach((name, n) -> {
            if (name.startsWith(applicationId + "-") && name.endsWith("-repartition")) {
                checked.put(name, n);
            }
        });
        checked.forEach((name, n) -> {
            if (n.intValue() != expected) {
                out.add(name + " has " + n + " partitions, " + events + " has " + expected);
            }
        });
        return out;
    }
}
