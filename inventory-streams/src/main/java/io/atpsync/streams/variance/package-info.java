/**
 * What reaches Shopify (DESIGN.md): variances with the Shopify-order compensation, reason codes, pending Shopify orders
 * and batch splitting. Pure Java, no Kafka or HTTP imports.
 */
package io.atpsync.streams.variance;
