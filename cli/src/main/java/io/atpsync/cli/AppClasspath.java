package io.atpsync.cli;

import io.atpsync.local.LocalStackConfig;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The classpath of an app the local stack runs as a process: its own jar plus the list its build wrote. */
final class AppClasspath {

    private AppClasspath() {}

    static LocalStackConfig.AppLaunch launch(Class<?> main, String resource) {
        try (InputStream in = main.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        resource + " is missing next to " + main.getName() + ": build with ./mvnw install");
            }
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String own = Path.of(main.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
            return new LocalStackConfig.AppLaunch(main.getName(), own + File.pathSeparator + dependencies);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
