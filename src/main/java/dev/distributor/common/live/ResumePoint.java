package dev.distributor.common.live;

import java.util.Map;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/** Where a live subscription starts reading: after the client's {@code afterSeq}, or after the snapshot's newest. */
public final class ResumePoint {

    private ResumePoint() {
    }

    /**
     * The sequence number to follow after: {@code afterSeq}, or {@code newest} when the client gave none.
     *
     * @param stream what the numbers count, for the message ("the rollout's newest event")
     * @throws DistributorException INVALID_INPUT (field {@code afterSeq}, detail {@code eventSeq}) when
     *             {@code afterSeq} is negative or beyond {@code newest}
     */
    public static long after(Long afterSeq, long newest, String stream) {
        long after = afterSeq == null ? newest : afterSeq;
        if (after < 0 || after > newest) {
            throw new DistributorException(ErrorCode.INVALID_INPUT,
                    "afterSeq must be between 0 and " + stream + ", " + newest + ".",
                    Map.of("field", "afterSeq", "eventSeq", newest));
        }
        return after;
    }

    /**
     * As {@link #after(Long, long, String)}, and refuses to resume before the oldest event data retention kept: the
     * events in between are gone, so the client must read the state again and subscribe without afterSeq
     * (docs/OPERATIONS.md "Data retention").
     *
     * @param oldestKept the lowest seq still stored, or {@code newest + 1} when none is
     * @throws DistributorException INVALID_INPUT (field {@code afterSeq}, details {@code eventSeq} and
     *             {@code oldestSeq}) when events after {@code afterSeq} were removed
     */
    public static long after(Long afterSeq, long newest, long oldestKept, String stream) {
        long after = after(afterSeq, newest, stream);
        if (after < newest && after < oldestKept - 1) {
            throw new DistributorException(ErrorCode.INVALID_INPUT,
                    "The events after afterSeq " + after + " up to " + (oldestKept - 1) + " were removed by data "
                            + "retention; read the current state and subscribe again without afterSeq.",
                    Map.of("field", "afterSeq", "eventSeq", newest, "oldestSeq", oldestKept));
        }
        return after;
    }
}
