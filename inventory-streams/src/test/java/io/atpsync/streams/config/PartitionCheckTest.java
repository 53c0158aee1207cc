package io.atpsync.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionCheckTest {

    @Test
    void shouldAcceptTopicsThatAgreeAndIgnoreOtherApplications() {
        assertThat(PartitionCheck.mismatches(
                        Map.of(
                                "inventory.events",
                                6,
                                "atp.control",
                                6,
                                "atp-sync-orders-by-sku-repartition",
                                6,
                                "other-app-x-repartition",
                                2,
                                "shopify.orders",
                                3),
                        "inventory.events",
                        "atp.control",
                        "atp-sync"))
                .isEmpty();
    }

    @Test
    void shouldNameEveryTopicWhosePartitionCountDisagrees() {
        assertThat(PartitionCheck.mismatches(
                        Map.of("inventory.events", 12, "atp.control", 6, "atp-sync-orders-by-sku-repartition", 6),
                        "inventory.events",
                        "atp.control",
                        "atp-sync"))
                .containsExactly(
                        "atp-sync-orders-by-sku-repartition has 6 partitions, inventory.events has 12",
                        "atp.control has 6 partitions, inventory.events has 12");
    }
}
