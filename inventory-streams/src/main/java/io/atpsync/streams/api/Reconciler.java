package io.atpsync.streams.api;

import io.atpsync.streams.hardsync.ReconcileSchedule;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the reconciliations that are due (DESIGN.md, "Reconciliation"): once a minute, while the app is RUNNING,
 * every slot of the {@link ReconcileSchedule} not requested yet goes to the control topic as a hard sync whose id
 * starts {@code reconcile-}. The sink writes those through the bulk path, fixing only what drifted; the Streams tasks
 * cut a request id once, so an instance restarted mid-slot, or a second instance, requests it again harmlessly.
 */
public final class Reconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ReconcileSchedule schedule;
    private final Supplier<Boolean> running;
    private final Supplier<Set<String>> shops;
    private final Supplier<HardSyncPublisher> publisher;
    private final Set<String> requested = Collections.synchronizedSet(new java.util.LinkedHashSet<>());
    /** Reconciliations requested by this instance. */
    public final AtomicLong requests = new AtomicLong();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atp-sync-reconciler");
        t.setDaemon(true);
        return t;
    });

    public Reconciler(
            ReconcileSchedule schedule,
            Supplier<Boolean> running,
            Supplier<Set<String>> shops,
            Supplier<HardSyncPublisher> publisher) {
        this.schedule = schedule;
        this.running = running;
        this.shops = shops;
        this.publisher = publisher;
    }

    public void start() {
        if (schedule.entries().isEmpty()) {
            LOG.info("reconciliation is off (atpsync.reconcile.interval=off, no schedules)");
            return;
        }
        schedule.entries()
                .forEach(e -> LOG.info(
                        "reconciliation of {} {} every {}",
                        e.shop() == null ? "every shop" : e.shop(),
                        e.locations().isEmpty() ? "(all locations)" : e.locations(),
                        e.every()));
        timer.scheduleWithFixedDelay(this::tick, 30, 60, TimeUnit.SECONDS);
    }

    /** Requests what is due now; the app's first minute, and any minute it is not RUNNING, requests nothing. */
    void tick() {
        try {
            if (!running.get()) {
                return;
            }
            for (ReconcileSchedule.Due d : schedule.due(Instant.now(), shops.get())) {
                if (requested.contains(d.requestId())) {
                    continue;
                }
                publisher.get().request(d.requestId(), d.shop(), d.locations(), List.of(), d.slot(), "reconcile");
                requested.add(d.requestId());
                requests.incrementAndGet();
                LOG.info(
                        "reconciliation {} of {} {} requested (slot {})",
                        d.requestId(),
                        d.shop(),
                        d.locations().isEmpty() ? "(all locations)" : d.locations(),
                        d.slot());
            }
        } catch (Exception e) { // the next minute tries again
            LOG.warn("reconciliation could not be requested: {}", e.toString());
        }
    }

    /** The schedule, for the System page. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "schedules",
                schedule.entries().stream()
                        .map(e -> Map.of(
                                "shop", e.shop() == null ? "every shop" : e.shop(),
                                "locations", e.locations(),
                                "every", e.every().toString()))
                        .toList());
        m.put("requestedByThisInstance", requests.get());
        return m;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
