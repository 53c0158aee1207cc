package io.atpsync.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JVM child process that outlives the command that started it: its pid (and start time, so a recycled pid is never
 * mistaken for it) lives in a pid file, its output in a log file.
 *
 * @param name what it is, for messages ("broker", "connect worker")
 * @param mainClass the class to run
 * @param args program arguments
 * @param jvmOptions heap and system properties
 * @param classpath the child's classpath
 * @param logFile stdout and stderr go here (appended)
 * @param pidFile where the pid is kept
 */
public record JavaProcess(
        String name,
        String mainClass,
        List<String> args,
        List<String> jvmOptions,
        String classpath,
        Path logFile,
        Path pidFile) {

    /** Starts the process in the background; fails if one from the same pid file is still running. */
    public ProcessHandle start() {
        running().ifPresent(p -> {
            throw new IllegalStateException(
                    name + " is already running as pid " + p.pid() + " (pid file " + pidFile + ")");
        });
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            ProcessHandle handle = process.toHandle();
            Files.writeString(pidFile, handle.pid() + " " + startInstant(handle).toEpochMilli() + "\n");
            return handle;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /** The process of the pid file, if it is still the same process and alive. */
    public Optional<ProcessHandle> running() {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            String[] parts =
                    Files.readString(pidFile, StandardCharsets.UTF_8).trim().split("\\s+");
            long pid = Long.parseLong(parts[0]);
            long started = parts.length > 1 ? Long.parseLong(parts[1]) : -1;
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> started < 0 || startInstant(p).toEpochMilli() == started);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stops it (SIGTERM, then SIGKILL after {@code grace}); returns whether a process was stopped. */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> process = running();
        process.ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception timedOut) {
                p.destroyForcibly();
                p.onExit().join();
            }
        });
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return process.isPresent();
    }

    /**
     * Polls {@code ready} every {@code pollMillis} until it holds. Fails with the log's last lines when the process
     * exits first, and stops it when {@code timeout} passes.
     */
    public void awaitReady(
            String address, Duration timeout, long pollMillis, java.util.function.BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (running().isEmpty()) {
                throw new IllegalStateException(
                        name + " exited during start-up; last lines of " + logFile + ":\n" + logTail(40));
            }
            if (System.nanoTime() > deadline) {
                stop(Duration.ofSeconds(10));
                throw new IllegalStateException(name + " not ready on " + address + " after " + timeout.toSeconds()
                        + " s; last lines of " + logFile + ":\n" + logTail(40));
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    /** Kills it without warning (SIGKILL), as a crash would; returns whether a process was killed. */
    public boolean kill() {
        Optional<ProcessHandle> process = running();
        process.ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        return process.isPresent();
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log at " + logFile + ")";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static Instant startInstant(ProcessHandle p) {
        return p.info().startInstant().orElse(Instant.EPOCH);
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
