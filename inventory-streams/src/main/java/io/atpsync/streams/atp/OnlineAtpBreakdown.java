package io.atpsync.streams.atp;

import java.util.List;

/**
 * An online ATP with every term that made it, so "why does Shopify show 0?" has an answer.
 *
 * @param onlineAtp the result, ≥ 0
 * @param contributed Σ contributions before threshold and queue
 * @param threshold the threshold applied
 * @param queue units held by orders not yet allocated
 * @param contributions per facility
 */
public record OnlineAtpBreakdown(
        long onlineAtp, long contributed, long threshold, long queue, List<Contribution> contributions) {}
