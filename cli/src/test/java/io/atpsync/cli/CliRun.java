package io.atpsync.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;

/** Runs the CLI in-process the way a user types it; captures exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return run(false, args);
    }

    /**
     * Like {@link #of} and also copies every line to the test's stdout as it is written: a long run
     * (the reliability suite) shows its progress in the build log, and a timeout shows where it stood.
     */
    static CliRun echoing(String... args) {
        return run(true, args);
    }

    private static CliRun run(boolean echo, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = AtpSync.commandLine();
        cli.setOut(new PrintWriter(echo ? new Tee(out) : out, true));
        cli.setErr(new PrintWriter(echo ? new Tee(err) : err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    String output() {
        return out + err;
    }

    /** A writer that keeps what it is given and echoes it to {@code System.out}. */
    private static final class Tee extends Writer {
        private final StringWriter kept;

        Tee(StringWriter kept) {
            this.kept = kept;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            kept.write(buf, off, len);
            System.out.print(new String(buf, off, len));
        }

        @Override
        public void flush() {
            System.out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
