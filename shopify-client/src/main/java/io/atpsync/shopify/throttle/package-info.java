/** Throttle arithmetic for Shopify's GraphQL leaky bucket: pure Java, no Kafka or HTTP imports. */
package io.atpsync.shopify.throttle;
