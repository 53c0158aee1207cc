/** Error classification and backoff for Shopify calls: pure Java, no Kafka or HTTP imports. */
package io.atpsync.shopify.retry;
