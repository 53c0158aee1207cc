package io.atpsync.cli;

import io.atpsync.local.TopicCreator;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atp-sync topics create}: the contract topics, with their cleanup policies. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Manage the contract topics.",
        subcommands = TopicsCommand.Create.class)
final class TopicsCommand {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description =
                    "Create every contract topic (and DLQ) that does not exist yet; existing ones are left alone.")
    static final class Create implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--partitions",
                defaultValue = "6",
                description = "Partitions per topic. Default: ${DEFAULT-VALUE}")
        int partitions;

        @Option(
                names = "--replication-factor",
                defaultValue = "1",
                description = "Replicas per partition. Default: ${DEFAULT-VALUE}")
        short replicationFactor;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = Admin.create(kafka.clientConfigs())) {
                List<TopicCreator.Outcome> outcomes =
                        TopicCreator.createAll(admin, kafka.topics(), partitions, replicationFactor);
                for (TopicCreator.Outcome o : outcomes) {
                    out.printf("%-36s %s%n", o.topic(), o.created() ? "created (" + o.detail() + ")" : o.detail());
                }
            }
            return 0;
        }
    }
}
