/**
 * The hard sync's cut (DESIGN.md, "Hard sync"): which keys of a task get a SET target and which buffered variances the
 * targets replace. Pure Java, no Kafka or HTTP imports.
 */
package io.atpsync.streams.hardsync;
