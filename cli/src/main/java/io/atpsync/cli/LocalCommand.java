package io.atpsync.cli;

import io.atpsync.local.LocalStack;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code atp-sync local up|down|status}: the stack on this machine, each component its own process. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = "Run ATP Sync on this machine: a KRaft broker, the development schema registry (with "
                + "the contract topics), the Streams app and a Kafka Connect worker, each its own process.",
        subcommands = {LocalCommand.Up.class, LocalCommand.Down.class, LocalCommand.Status.class})
final class LocalCommand {

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = "Start every component that is not running yet and wait until each answers.")
    static final class Up implements Callable<Integer> {
        @Mixin
        LocalStackOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            new LocalStack(options.config()).up(line -> {
                out.println(line);
                out.flush();
            });
            out.println("local stack is up; stop it with: ./atp-sync local down");
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every component (data is kept).")
    static final class Down implements Callable<Integer> {
        @Mixin
        LocalStackOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            new LocalStack(options.config()).down(line -> {
                out.println(line);
                out.flush();
            });
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show which components run, where, and their logs. Exit code 3 when any is down.")
    static final class Status implements Callable<Integer> {
        @Mixin
        LocalStackOptions options;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--json", description = "Print the components as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            boolean allUp = true;
            List<LocalStack.ComponentStatus> components = new LocalStack(options.config()).status();
            if (json) {
                out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(components));
            } else {
                out.printf("%-10s %-8s %-26s %s%n", "COMPONENT", "STATE", "ADDRESS", "DETAIL");
            }
            for (LocalStack.ComponentStatus c : components) {
                if (!json) {
                    out.printf(
                            "%-10s %-8s %-26s %s%n",
                            c.name(), c.running() ? "running" : "stopped", c.address(), c.detail());
                }
                allUp &= c.running() || !c.expected();
            }
            return allUp ? 0 : 3;
        }
    }
}
