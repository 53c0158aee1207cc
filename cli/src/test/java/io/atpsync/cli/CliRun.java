package io.atpsync.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process the way a user types it; captures exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = AtpSync.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    String output() {
        return out + err;
    }
}
