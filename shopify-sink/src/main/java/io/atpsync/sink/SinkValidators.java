package io.atpsync.sink;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Validators of the sink's configuration ({@link ShopifySinkConfig}). */
final class SinkValidators {

    private SinkValidators() {}

    /** A Shopify API version, YYYY-MM. */
    static final class ApiVersion implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !value.toString().matches("\\d{4}-(01|04|07|10)")) {
                throw new ConfigException(
                        name, value, "must be a Shopify API version such as 2026-10 (quarterly: -01, -04, -07, -10)");
            }
        }

        @Override
        public String toString() {
            return "a Shopify API version YYYY-MM (2026-04 or later for idempotency and compare-and-swap)";
        }
    }

    /** A shop's myshopify domain. */
    static final class ShopDomain implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !value.toString().matches("[a-z0-9][a-z0-9-]*\\.myshopify\\.com")) {
                throw new ConfigException(name, value, "must be a shop's myshopify domain, e.g. demo.myshopify.com");
            }
        }

        @Override
        public String toString() {
            return "a myshopify domain, e.g. demo.myshopify.com";
        }
    }
}
