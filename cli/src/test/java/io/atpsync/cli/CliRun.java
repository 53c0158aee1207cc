package io.atpsync.cli;

import io.atpsync.testing.CommandRun;

/** Runs the {@code atp-sync} CLI in-process the way a user types it (see {@link CommandRun}). */
final class CliRun {

    private CliRun() {}

    static CommandRun of(String... args) {
        return CommandRun.of(AtpSync.commandLine(), args);
    }

    /**
     * Like {@link #of} and also copies every line to the test's stdout as it is written (see
     * {@link CommandRun#echoing}).
     */
    static CommandRun echoing(String... args) {
        return CommandRun.echoing(AtpSync.commandLine(), args);
    }
}
