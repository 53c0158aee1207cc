package io.atpsync.streams.topology;

import io.atpsync.schemas.Kit;
import io.atpsync.streams.atp.KitAtp.Component;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The kit definitions every task holds whole (they are broadcast), stored and mirrored in memory with the reverse index
 * a component's change needs: which kits use it.
 */
final class KitIndex {

    private final KeyValueStore<String, String> store;
    private final Map<String, List<Component>> definitions = new HashMap<>();
    private final Map<String, Set<String>> kitsOf = new HashMap<>();
    private final int partition;
    private final int partitions;

    KitIndex(ProcessorContext<?, ?> context, int partitions) {
        this.store = context.getStateStore(AtpStores.KITS);
        this.partition = context.taskId().partition();
        this.partitions = partitions;
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(kv -> index(kv.key, decode(kv.value)));
        }
    }

    /** The kit's components, or null when {@code sku} is not a kit. */
    List<Component> definition(String sku) {
        return definitions.get(sku);
    }

    /** The kits {@code component} is part of. */
    Set<String> kitsOf(String component) {
        return kitsOf.getOrDefault(component, Set.of());
    }

    /** Whether this task owns the kit (its partition is the kit SKU's, as Kafka's default partitioner places it). */
    boolean owns(String kitSku) {
        return Utils.toPositive(Utils.murmur2(kitSku.getBytes(StandardCharsets.UTF_8))) % partitions == partition;
    }

    /**
     * Records a kit's definition (no components: removed); returns the components before and after, in kit order, or
     * null when nothing changed.
     */
    List<List<Component>> define(Kit k) {
        List<Component> after = new ArrayList<>();
        k.getComponents().forEach(c -> after.add(new Component(c.getSku(), c.getQuantity())));
        List<Component> before = definitions.get(k.getKitSku());
        if (Objects.equals(before, after.isEmpty() ? null : after)) {
            return null;
        }
        if (before != null) {
            before.forEach(
                    c -> kitsOf.getOrDefault(c.sku(), new LinkedHashSet<>()).remove(k.getKitSku()));
            definitions.remove(k.getKitSku());
        }
        if (after.isEmpty()) {
            store.delete(k.getKitSku());
        } else {
            store.put(k.getKitSku(), encode(after));
            index(k.getKitSku(), after);
        }
        return List.of(before == null ? List.of() : before, after);
    }

    private void index(String kit, List<Component> components) {
        definitions.put(kit, List.copyOf(components));
        components.forEach(
                c -> kitsOf.computeIfAbsent(c.sku(), s -> new LinkedHashSet<>()).add(kit));
    }

    /** {@code sku:quantity;sku:quantity}: SKUs hold no {@code ;} or {@code |} (EventRules.validId). */
    static String encode(List<Component> components) {
        StringBuilder b = new StringBuilder();
        for (Component c : components) {
            b.append(b.length() == 0 ? "" : ";").append(c.sku()).append(':').append(c.quantity());
        }
        return b.toString();
    }

    static List<Component> decode(String value) {
        List<Component> components = new ArrayList<>();
        for (String part : value.split(";")) {
            int colon = part.lastIndexOf(':');
            components.add(new Component(part.substring(0, colon), Integer.parseInt(part.substring(colon + 1))));
        }
        return components;
    }
}
