package io.atpsync.streams.atp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A kit's online ATP at one location: the minimum over its components of floor(component online ATP / quantity), and
 * which component limits it (the first of the lowest, in the kit's order). A component with no online ATP there yet
 * counts as 0; a kit with no components has none.
 *
 * @param onlineAtp kits that can be promised
 * @param limitedBy the component that limits it (null for a kit without components)
 * @param parts each component with its online ATP and the kits it covers
 */
public record KitAtp(long onlineAtp, String limitedBy, List<Part> parts) {

    /** One component of a kit definition. */
    public record Component(String sku, int quantity) {
        public Component {
            if (quantity < 1) {
                throw new IllegalArgumentException("a kit needs at least 1 of " + sku + ", was " + quantity);
            }
        }
    }

    /** One component at the location: its online ATP and how many kits that covers. */
    public record Part(String sku, int quantity, long componentAtp, long kits) {}

    public static KitAtp of(List<Component> components, Function<String, Long> componentAtp) {
        List<Part> parts = new ArrayList<>(components.size());
        long min = Long.MAX_VALUE;
        String limitedBy = null;
        for (Component c : components) {
            Long atp = componentAtp.apply(c.sku());
            long units = atp == null ? 0 : Math.max(0, atp);
            long kits = units / c.quantity();
            parts.add(new Part(c.sku(), c.quantity(), units, kits));
            if (kits < min) {
                min = kits;
                limitedBy = c.sku();
            }
        }
        return new KitAtp(components.isEmpty() ? 0 : min, limitedBy, List.copyOf(parts));
    }
}
