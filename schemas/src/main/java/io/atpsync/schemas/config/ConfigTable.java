package io.atpsync.schemas.config;

import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/** A {@link ConfigDef} as the README's Markdown table: one row per setting, in group order. */
public final class ConfigTable {

    private ConfigTable() {}

    /** The table; {@code name} heads the first column ("option", "setting"). */
    public static String markdown(ConfigDef def, String name) {
        StringBuilder b = new StringBuilder("| " + name
                + " | type | default | valid values | importance | description |\n|---|---|---|---|---|---|\n");
        List<ConfigDef.ConfigKey> keys = def.configKeys().values().stream()
                .sorted(Comparator.comparing((ConfigDef.ConfigKey k) -> k.group).thenComparing(k -> k.orderInGroup))
                .toList();
        for (ConfigDef.ConfigKey k : keys) {
            Object value = k.defaultValue == ConfigDef.NO_DEFAULT_VALUE
                    ? "(required)"
                    : k.defaultValue == null ? "" : k.defaultValue;
            String shown = value instanceof List<?> l
                    ? String.join(",", l.stream().map(String::valueOf).toList())
                    : value.toString();
            b.append("| `")
                    .append(k.name)
                    .append("` | ")
                    .append(k.type.name().toLowerCase())
                    .append(" | ")
                    .append(shown.isEmpty() ? "" : "`" + shown + "`")
                    .append(" | ")
                    .append(k.validator == null ? "" : k.validator.toString())
                    .append(" | ")
                    .append(k.importance.name().toLowerCase())
                    .append(" | ")
                    .append(k.documentation)
                    .append(" |\n");
        }
        return b.toString();
    }
}
