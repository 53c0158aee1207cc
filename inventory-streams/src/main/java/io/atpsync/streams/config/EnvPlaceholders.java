package io.atpsync.streams.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}} in a settings file's values, replaced by the environment variable NAME (Kafka's
 * {@code EnvVarConfigProvider} syntax): one file for every pod of a StatefulSet, each taking its stable
 * {@code group.instance.id} and host from its own {@code POD_NAME}, and secrets from a Kubernetes Secret. A variable
 * that is not set stops the app, naming the setting and the variable; its value is never printed.
 */
final class EnvPlaceholders {

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvPlaceholders() {}

    static Map<String, String> resolve(Map<String, String> settings, UnaryOperator<String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            Matcher m = ENV.matcher(value);
            StringBuilder resolved = new StringBuilder();
            while (m.find()) {
                String v = env.apply(m.group(1));
                if (v == null) {
                    throw new IllegalArgumentException(
                            "setting " + key + " names the environment variable " + m.group(1) + ", which is not set");
                }
                m.appendReplacement(resolved, Matcher.quoteReplacement(v));
            }
            m.appendTail(resolved);
            out.put(key, resolved.toString());
        });
        return out;
    }
}
