package io.atpsync.local;

import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates every contract topic with its cleanup policy, idempotently: existing topics are left as they are. */
public final class TopicCreator {

    /** What happened to one topic. */
    public record Outcome(String topic, boolean created, String detail) {}

    private TopicCreator() {}

    /** Creates the missing topics of {@code topics} (and their DLQs) with {@code partitions} partitions. */
    public static List<Outcome> createAll(Admin admin, Topics topics, int partitions, short replicationFactor) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic<?> t : topics.all()) {
            wanted.add(new NewTopic(t.name(), partitions, replicationFactor).configs(t.configs()));
        }
        for (String dlq : topics.dlqs()) {
            wanted.add(
                    new NewTopic(dlq, partitions, replicationFactor).configs(Map.of("cleanup.policy", Topics.DELETE)));
        }
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            var result = admin.createTopics(missing);
            List<Outcome> outcomes = new ArrayList<>();
            for (NewTopic t : wanted) {
                if (existing.contains(t.name())) {
                    outcomes.add(new Outcome(t.name(), false, "exists"));
                    continue;
                }
                try {
                    result.values().get(t.name()).get(30, TimeUnit.SECONDS);
                    outcomes.add(new Outcome(
                            t.name(),
                            true,
                            partitions + " partitions, cleanup.policy="
                                    + t.configs().get("cleanup.policy")));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "could not create topic " + t.name() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                    outcomes.add(new Outcome(t.name(), false, "exists"));
                }
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not list topics: " + e.getMessage(), e);
        }
    }
}
