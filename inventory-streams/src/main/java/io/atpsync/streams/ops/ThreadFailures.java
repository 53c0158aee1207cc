package io.atpsync.streams.ops;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * What to do when a stream thread dies: replace it, or shut this instance down.
 *
 * <p>Under {@code exactly_once_v2} a replaced thread starts its tasks again from committed state, so nothing is lost or
 * applied twice. Errors of the instance's standing with the broker (fenced by a broker restart, a transaction timed
 * out, a coordinator that moved, a network error that outlived the retries) go away with a new thread; anything else (a
 * bug, a record no handler could place, a store that cannot be opened) would fail the same way again and shuts the
 * instance down loudly. Chaos R3 at full size found the first kind: after a broker restart the thread's commit failed
 * with {@code FencedInstanceIdException} (static membership: the coordinator had already taken the same
 * {@code group.instance.id} under a new member id), and shutting down left the instance dead while the broker was fine.
 *
 * <p>A thread replaced more than {@code maxReplacements} times within {@code windowMillis} is no longer taken as
 * passing: the instance shuts down instead of looping.
 */
public final class ThreadFailures {

    /** The decision, as Kafka Streams' uncaught exception handler takes it. */
    public enum Response {
        REPLACE_THREAD,
        SHUTDOWN_CLIENT
    }

    /**
     * Simple names of exceptions that a new thread gets past: the instance's standing with the broker, not the data.
     */
    static final Set<String> PASSING = Set.of(
            "FencedInstanceIdException",
            "ProducerFencedException",
            "InvalidProducerEpochException",
            "InvalidPidMappingException",
            "TransactionAbortedException",
            "TimeoutException",
            "TaskMigratedException",
            "CoordinatorNotAvailableException",
            "NotCoordinatorException",
            "DisconnectException",
            "NetworkException",
            "UnknownMemberIdException",
            "RebalanceInProgressException",
            "IllegalGenerationException");

    private final int maxReplacements;
    private final long windowMillis;
    private final Deque<Long> replacements = new ArrayDeque<>();

    public ThreadFailures(int maxReplacements, long windowMillis) {
        this.maxReplacements = maxReplacements;
        this.windowMillis = windowMillis;
    }

    /** The response to {@code failure} at {@code nowMillis}; a replacement counts against the budget. */
    public synchronized Response onFailure(Throwable failure, long nowMillis) {
        if (!passing(failure)) {
            return Response.SHUTDOWN_CLIENT;
        }
        while (!replacements.isEmpty() && replacements.peekFirst() <= nowMillis - windowMillis) {
            replacements.pollFirst();
        }
        if (replacements.size() >= maxReplacements) {
            return Response.SHUTDOWN_CLIENT;
        }
        replacements.addLast(nowMillis);
        return Response.REPLACE_THREAD;
    }

    /** Whether any exception in the cause chain is one a new thread gets past. */
    static boolean passing(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (PASSING.contains(t.getClass().getSimpleName())) {
                return true;
            }
        }
        return false;
    }
}
