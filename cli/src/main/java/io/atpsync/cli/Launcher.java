package io.atpsync.cli;

import java.nio.file.Path;

/** Facts the {@code ./atp-sync} launcher script passes in. */
public final class Launcher {

    private Launcher() {}

    /**
     * The ATP Sync checkout (system property {@code atpsync.home}, set by the launcher), else the working directory.
     */
    public static Path home() {
        return Path.of(System.getProperty("atpsync.home", ".")).toAbsolutePath().normalize();
    }
}
