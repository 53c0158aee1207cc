package io.atpsync.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.schemas.Topics;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TopicCreatorIT {

    @Test
    void shouldCreateEveryContractTopicWithItsCleanupPolicyOnceAndOnlyOnce(KafkaBroker kafka) throws Exception {
        Topics topics = new Topics("tc-" + System.nanoTime() + ".");

        List<TopicCreator.Outcome> first = TopicCreator.createAll(kafka.admin(), topics, 4, (short) 1);
        List<TopicCreator.Outcome> second = TopicCreator.createAll(kafka.admin(), topics, 4, (short) 1);

        assertThat(first).hasSize(17).allMatch(TopicCreator.Outcome::created);
        assertThat(second).hasSize(17).noneMatch(TopicCreator.Outcome::created);
        ConfigResource online =
                new ConfigResource(ConfigResource.Type.TOPIC, topics.onlineAtp().name());
        ConfigResource events = new ConfigResource(
                ConfigResource.Type.TOPIC, topics.inventoryEvents().name());
        Map<ConfigResource, Config> configs =
                kafka.admin().describeConfigs(List.of(online, events)).all().get();
        assertThat(configs.get(online).get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(configs.get(events).get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(kafka.admin()
                        .describeTopics(List.of(topics.adjustments().name()))
                        .allTopicNames()
                        .get()
                        .get(topics.adjustments().name())
                        .partitions())
                .hasSize(4);
    }
}
