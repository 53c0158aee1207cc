package io.atpsync.streams.atp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Ring-fencing: how one facility's online contribution is split between the shops its stock feeds (a warehouse behind a
 * US and a Canada store). Without shares every shop gets the whole contribution, as before ring-fencing. With shares:
 * fixed units are taken first (shops in name order), then each percentage of what is left, rounded down, then the rest
 * goes to the one remainder shop; a shop without a share gets nothing. So the parts never add up to more than the
 * facility contributes.
 */
public record ShopSplit(List<Share> shares) {

    /** No ring-fencing: every shop gets the whole contribution. */
    public static final ShopSplit NONE = new ShopSplit(List.of());

    /** One shop's share: a percentage, a fixed number of units, or (neither) the remainder. */
    public record Share(String shop, Integer percent, Long units) {

        public boolean remainder() {
            return percent == null && units == null;
        }

        /** In the retailer's words, for the breakdown. */
        public String describe() {
            if (units != null) {
                return "a fixed " + units;
            }
            return percent != null ? percent + "% of what is left after fixed allocations" : "the remainder";
        }
    }

    /** In shop order, one share per shop (the last given: a query over several tasks' copies sees each once). */
    public ShopSplit {
        Map<String, Share> byShop = new TreeMap<>();
        shares.forEach(share -> byShop.put(share.shop(), share));
        shares = List.copyOf(byShop.values());
    }

    /** Whether the facility's contribution is split at all. */
    public boolean split() {
        return !shares.isEmpty();
    }

    /** The part of {@code whole} (the facility's contribution, ≥ 0) that {@code shop}'s locations get. */
    public long partFor(String shop, long whole) {
        if (shares.isEmpty()) {
            return whole;
        }
        long left = Math.max(0, whole);
        long part = 0;
        for (Share s : shares) {
            if (s.units() != null) {
                long take = Math.min(Math.max(0, s.units()), left);
                left -= take;
                part = s.shop().equals(shop) ? take : part;
            }
        }
        long base = left;
        for (Share s : shares) {
            if (s.percent() != null) {
                long take = Math.min(base * Math.max(0, Math.min(100, s.percent())) / 100, left);
                left -= take;
                part = s.shop().equals(shop) ? take : part;
            }
        }
        Optional<Share> rest = shares.stream().filter(Share::remainder).findFirst();
        return rest.isPresent() && rest.get().shop().equals(shop) ? left : part;
    }

    /** {@code shop}'s share in words, or null when the contribution is not split. */
    public String describe(String shop) {
        if (shares.isEmpty()) {
            return null;
        }
        return shares.stream()
                .filter(s -> s.shop().equals(shop))
                .findFirst()
                .map(Share::describe)
                .orElse("none (the facility is ring-fenced for other shops)");
    }

    /** What is wrong with one facility's shares taken together, for an import to refuse; empty when nothing. */
    public static List<String> violations(List<Share> shares) {
        List<String> problems = new ArrayList<>();
        int percent = 0;
        int remainders = 0;
        for (Share s : shares) {
            if (s.percent() != null && s.units() != null) {
                problems.add(s.shop() + ": a percent or units, not both");
            }
            if (s.percent() != null && (s.percent() < 0 || s.percent() > 100)) {
                problems.add(s.shop() + ": percent " + s.percent() + " is not between 0 and 100");
            }
            if (s.units() != null && s.units() < 0) {
                problems.add(s.shop() + ": units " + s.units() + " is below 0");
            }
            percent += s.percent() == null ? 0 : s.percent();
            remainders += s.remainder() ? 1 : 0;
        }
        if (percent > 100) {
            problems.add("the percentages add up to " + percent + ", more than 100");
        }
        if (remainders > 1) {
            problems.add(remainders + " shops take the remainder; at most one may");
        }
        return problems;
    }
}
