package io.atpsync.streams.topology;

/** A task in rebuild mode reached the end offset seen at start: time to hard-sync what it holds. */
record RebuildCaughtUp() implements PushInput {
    @Override
    public void to(Handler handler, long now) {
        handler.rebuildCaughtUp(now);
    }
}
