package io.atpsync.streams.topology;

import io.atpsync.schemas.Facility;
import io.atpsync.schemas.FacilityShare;
import io.atpsync.schemas.InboundShipmentLine;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.Kit;
import io.atpsync.schemas.KitPart;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;

/**
 * What the online ATP processor receives: one type per input topic, each handed to its own {@link Handler} method, so a
 * new input cannot be forgotten (the compiler asks for its method) and nothing is dispatched on {@code instanceof}.
 */
sealed interface AtpInput {

    /** Hands this input to its method of {@code handler}. */
    void to(Handler handler);

    /** The online ATP processor's operations, one per input. */
    interface Handler {
        void event(InventoryEvent event);

        void productFacility(ProductFacility setting);

        void threshold(ProductThreshold threshold);

        void shipment(InboundShipmentLine line);

        void facility(Facility facility);

        void mapping(LocationMapping mapping);

        void facilityShare(FacilityShare share);

        void kit(Kit kit);

        void kitPart(KitPart part);
    }

    /** A stock change from ERP, POS or OMS, checked by {@link EventCheck}, from {@code inventory.events}. */
    record Event(InventoryEvent event) implements AtpInput {
        @Override
        public void to(Handler handler) {
            handler.event(event);
        }
    }

    /** Safety stock and whether a SKU may sell online from a facility, from {@code inventory.product-facility}. */
    record ProductFacilitySetting(ProductFacility setting) implements AtpInput {
        @Override
        public void to(Handler handler) {
            handler.productFacility(setting);
        }
    }

    /** A SKU's threshold at one location or all, from {@code inventory.thresholds}. */
    record Threshold(ProductThreshold threshold) implements AtpInput {
        @Override
        public void to(Handler handler) {
            handler.threshold(threshold);
        }
    }

    /** An inbound shipment line, from {@code inventory.shipments}. */
    record Shipment(InboundShipmentLine line) implements AtpInput {
        @Override
        public void to(Handler handler) {
            handler.shipment(line);
        }
    }

    /** A facility and whether it sells online, broadcast to every task from {@code inventory.facilities}. */
    record FacilityChange(Facility facility) implements AtpInput {
        @Override
        public void to(Handler handler) {
            handler.facility(facility);
        }
    }

    /** A Shopify location's facilities, broadcast to every task from {@code inventory.location-mappings}. */
    record Mapping(LocationMapping mapping) implements AtpInput {
        @Override
        public void to(Handler handler) {
            handler.mapping(mapping);
        }
    }

    /** A facility's ring-fenced share for one shop, broadcast to every task from {@code inventory.facility-shares}. */
    record Share(FacilityShare share) implements AtpInput {
        @Override
        public void to(Handler handler) {
            handler.facilityShare(share);
        }
    }

    /** A kit's definition, broadcast to every task from {@code inventory.kits}. */
    record KitDefinition(Kit kit) implements AtpInput {
        @Override
        public void to(Handler handler) {
            handler.kit(kit);
        }
    }

    /** A component's online ATP for a kit, from the task owning the component ({@code atp.kit-parts}). */
    record Part(KitPart part) implements AtpInput {
        @Override
        public void to(Handler handler) {
            handler.kitPart(part);
        }
    }
}
