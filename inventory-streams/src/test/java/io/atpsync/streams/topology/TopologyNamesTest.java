package io.atpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.streams.config.Settings;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The names a running deployment depends on: the topics the topology reads and writes (internal repartition topics
 * included) and which stores each processor holds. Renaming one strands the state and the records already in it, so a
 * refactoring must leave this list as it is (it was taken from the topology before the processors were split up).
 */
class TopologyNamesTest {

    @Test
    void shouldKeepTheTopicsAndStoresOfRunningDeployments() {
        TopologyDescription d = AtpTopology.build(
                        Topics.DEFAULT, Settings.defaults(1, Map.of(RegistryClientConfig.URL, "mock://names")))
                .describe();
        Set<String> topics = new TreeSet<>();
        Set<String> stores = new TreeSet<>();
        d.subtopologies()
                .forEach(s -> s.nodes().forEach(n -> {
                    if (n instanceof TopologyDescription.Source source) {
                        topics.addAll(source.topicSet());
                    } else if (n instanceof TopologyDescription.Sink sink) {
                        topics.add(sink.topic());
                    } else if (n instanceof TopologyDescription.Processor p
                            && !p.stores().isEmpty()) {
                        stores.add(p.name() + " " + new TreeSet<>(p.stores()));
                    }
                }));
        d.globalStores().forEach(g -> topics.addAll(g.source().topicSet()));

        assertThat(topics)
                .containsExactly(
                        "atp.adjustments",
                        "atp.control",
                        "atp.kit-parts",
                        "atp.online",
                        "catalog-by-sku-repartition",
                        "facility-broadcast-repartition",
                        "facility-share-broadcast-repartition",
                        "inventory.events",
                        "inventory.events.dlq",
                        "inventory.facilities",
                        "inventory.facility-shares",
                        "inventory.kits",
                        "inventory.location-mappings",
                        "inventory.product-facility",
                        "inventory.shipments",
                        "inventory.thresholds",
                        "kit-broadcast-repartition",
                        "location-mapping-broadcast-repartition",
                        "product-facility-by-sku-repartition",
                        "shipments-by-sku-repartition",
                        "shopify-orders-by-sku-repartition",
                        "shopify.catalog",
                        "shopify.inventory-levels",
                        "shopify.orders",
                        "thresholds-by-sku-repartition");
        assertThat(stores)
                .containsExactly(
                        "online-atp [event-ids, facilities, facility-shares, facility-skus, incoming, kit-parts, kits,"
                                + " location-mappings, online-atp,"
                                + " orphan-compensations, position-deltas, positions, scheduled-by-sku,"
                                + " scheduled-events, thresholds]",
                        "push-to-shopify [catalog, hard-syncs, held-variances, kits, location-mappings, online-atp,"
                                + " pending-shopify-orders, push-state, variances]");
    }
}
