package io.atpsync.streams.topology;

import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.ShopifyOrder;

/**
 * What the push processor receives: one type per thing it does, each handed to its own {@link Handler} method, so a new
 * input cannot be forgotten (the compiler asks for its method) and nothing is dispatched on {@code Object}.
 */
sealed interface PushInput
        permits VarianceChange,
                ReservationSeen,
                RebuildCaughtUp,
                PushInput.Order,
                PushInput.Catalogued,
                PushInput.HardSync {

    /** Hands this input to its method of {@code handler}. */
    void to(Handler handler, long now);

    /** The push processor's operations, one per input. */
    interface Handler {
        void variance(VarianceChange change, long now);

        void reservation(ReservationSeen seen, long now);

        void order(ShopifyOrder order, long now);

        void catalogued(CatalogItem item, long now);

        void hardSync(HardSyncRequest request, long now);

        void rebuildCaughtUp(long now);
    }

    /** A Shopify order line by SKU, from {@code shopify.orders}. */
    record Order(ShopifyOrder order) implements PushInput {
        @Override
        public void to(Handler handler, long now) {
            handler.order(order, now);
        }
    }

    /** A catalogue entry (SKU → inventory item), from {@code shopify.catalog}. */
    record Catalogued(CatalogItem item) implements PushInput {
        @Override
        public void to(Handler handler, long now) {
            handler.catalogued(item, now);
        }
    }

    /** A hard-sync request: from {@code atp.control}, or a new location mapping's scoped set. */
    record HardSync(HardSyncRequest request) implements PushInput {
        @Override
        public void to(Handler handler, long now) {
            handler.hardSync(request, now);
        }
    }
}
