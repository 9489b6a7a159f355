package dev.distributor.common.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Converts values of native query rows, whose Java types depend on the driver, to the types the code uses. */
public final class Columns {

    private Columns() {
    }

    public static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof ZonedDateTime zdt) {
            return zdt.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("not a time: " + value.getClass());
    }

    public static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    public static Long longValue(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    public static boolean bool(Object value) {
        return value != null && (Boolean) value;
    }
}
