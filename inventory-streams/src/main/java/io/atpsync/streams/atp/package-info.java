/**
 * The online ATP formula of DESIGN.md ("Online ATP"): pure Java, no Kafka or HTTP imports (an architecture test keeps
 * it that way), tested with tables of cases.
 */
package io.atpsync.streams.atp;
