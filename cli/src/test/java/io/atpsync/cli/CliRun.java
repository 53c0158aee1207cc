package io.atpsync.cli;

import io.atpsync.testing.CommandRun;

/** Runs the {@code atp-sync} CLI in-process the way a user types it; captures exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return of(CommandRun.of(AtpSync.commandLine(), args));
    }

    /** Like {@link #of} and also copies every line to the test's stdout as it is written (see {@link CommandRun#echoing}). */
    static CliRun echoing(String... args) {
        return of(CommandRun.echoing(AtpSync.commandLine(), args));
    }

    private static CliRun of(CommandRun run) {
        return new CliRun(run.exitCode(), run.out(), run.err());
    }

    String output() {
        return out + err;
    }
}
