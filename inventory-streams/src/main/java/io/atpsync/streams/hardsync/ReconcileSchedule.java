package io.atpsync.streams.hardsync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * When reconciliations are due (DESIGN.md, "Reconciliation"): every shop at {@code atpsync.reconcile.interval} (default
 * 4 hours), plus per-shop schedules with a location scope ({@code shop[@location|location…]=PT1H}: the retailer resets
 * its stores hourly and its aggregate locations every 4 hours). A shop-wide schedule for a shop replaces the default
 * for it. Slots are aligned on the epoch, so every instance computes the same request id for a slot and the Streams
 * tasks cut it once however many instances publish it.
 */
public final class ReconcileSchedule {

    /** One schedule: a shop (null: every shop), its locations (empty: all), and how often. */
    public record Entry(String shop, List<String> locations, Duration every) {
        public Entry {
            locations = List.copyOf(locations);
        }
    }

    /** A reconciliation to request now. */
    public record Due(String requestId, String shop, List<String> locations, Instant slot) {}

    /** Request ids of reconciliations start with this: the sink writes them through the bulk path. */
    public static final String PREFIX = "reconcile-";

    private final List<Entry> entries;

    private ReconcileSchedule(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * @param interval the default, ISO-8601 ({@code PT4H}), or {@code off}
     * @param schedules per-shop entries {@code shop[@location|location…]=ISO-8601 duration}
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static ReconcileSchedule parse(String interval, Collection<String> schedules) {
        List<Entry> out = new ArrayList<>();
        if (!interval.strip().equalsIgnoreCase("off")) {
            out.add(new Entry(null, List.of(), duration(interval, "atpsync.reconcile.interval")));
        }
        for (String s : schedules) {
            if (s.isBlank()) {
                continue;
            }
            int eq = s.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "reconcile schedule '" + s + "': expected shop[@location|location...]=PT1H");
            }
            String scope = s.substring(0, eq).strip();
            int at = scope.indexOf('@');
            String shop = at < 0 ? scope : scope.substring(0, at);
            List<String> locations = at < 0
                    ? List.of()
                    : Arrays.stream(scope.substring(at + 1).split("\\|"))
                            .map(String::strip)
                            .filter(l -> !l.isEmpty())
                            .toList();
            if (shop.isBlank() || (at >= 0 && locations.isEmpty())) {
                throw new IllegalArgumentException("reconcile schedule '" + s + "': no shop, or '@' without locations");
            }
            out.add(new Entry(shop, locations, duration(s.substring(eq + 1), "reconcile schedule '" + s + "'")));
        }
        return new ReconcileSchedule(out);
    }

    private static Duration duration(String text, String what) {
        try {
            Duration d = Duration.parse(text.strip());
            if (d.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException(what + ": " + text + " is shorter than a minute");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not an ISO-8601 duration such as PT4H");
        }
    }

    /** The reconciliations of the slots {@code now} is in, for the shops that have mapped locations. */
    public List<Due> due(Instant now, Set<String> shops) {
        Set<String> ownSchedule = new TreeSet<>();
        entries.stream()
                .filter(e -> e.shop() != null && e.locations().isEmpty())
                .forEach(e -> ownSchedule.add(e.shop()));
        List<Due> out = new ArrayList<>();
        for (Entry e : entries) {
            List<String> forShops = e.shop() == null
                    ? shops.stream()
                            .filter(s -> !ownSchedule.contains(s))
                            .sorted()
                            .toList()
                    : shops.contains(e.shop()) ? List.of(e.shop()) : List.of();
            long every = e.every().toMillis();
            Instant slot = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), every) * every);
            for (String shop : forShops) {
                String scope = shop + "|" + String.join("|", e.locations()) + "|" + e.every();
                out.add(new Due(PREFIX + digest(scope) + "-" + slot.getEpochSecond(), shop, e.locations(), slot));
            }
        }
        return out;
    }

    private static String digest(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
