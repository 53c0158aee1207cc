/** Pure arithmetic of order-aware hard-sync targets: no Kafka, no HTTP. */
package io.atpsync.sink.hardsync;
