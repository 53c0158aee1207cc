package io.atpsync.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;

/** Runs a picocli command line in-process the way a user types it; captures exit code, stdout and stderr. */
public record CommandRun(int exitCode, String out, String err) {

    public static CommandRun of(picocli.CommandLine cli, String... args) {
        return run(cli, false, args);
    }

    /**
     * Like {@link #of} and also copies every line to the test's stdout as it is written: a long run (the reliability
     * suite) shows its progress in the build log, and a timeout shows where it stood.
     */
    public static CommandRun echoing(picocli.CommandLine cli, String... args) {
        return run(cli, true, args);
    }

    private static CommandRun run(picocli.CommandLine cli, boolean echo, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(echo ? new Tee(out) : out, true));
        cli.setErr(new PrintWriter(echo ? new Tee(err) : err, true));
        int code = cli.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    public String output() {
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
