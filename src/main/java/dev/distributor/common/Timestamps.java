package dev.distributor.common;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Times as PostgreSQL stores them, so a value answered right after a write equals the one read back later. */
public final class Timestamps {

    private Timestamps() {
    }

    /** Now, in UTC, cut to the microsecond precision of {@code timestamptz}. */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
