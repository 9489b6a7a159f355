package dev.distributor.common.work;

import java.util.Optional;

import io.vertx.pgclient.PgException;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * A change that a deferred check refused inside COMMIT: a constraint trigger (V21's registration count) raised
 * SQLSTATE {@value #SQLSTATE}, a class of our own, with the refusal's {@link ErrorCode} in the error's DETAIL and the
 * answer's text as its message. The client gets that error, as if the service had refused the change itself.
 */
final class RefusedAtCommit {

    static final String SQLSTATE = "DR001";

    private RefusedAtCommit() {
    }

    /** The refusal {@code failure} carries (anywhere in its causes), or empty when it is no such refusal. */
    static Optional<DistributorException> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && SQLSTATE.equals(pg.getSqlState())) {
                return Optional.of(new DistributorException(ErrorCode.valueOf(pg.getDetail()), pg.getErrorMessage()));
            }
        }
        return Optional.empty();
    }
}
