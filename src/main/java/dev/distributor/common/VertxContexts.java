package dev.distributor.common;

import java.util.concurrent.Callable;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Keeps reactive chains on the Vert.x context they started on. Hibernate Reactive sessions are bound to it, while the
 * AWS SDK completes its futures on its own threads and blocking work runs on workers.
 */
public final class VertxContexts {

    private VertxContexts() {
    }

    /** Emits the outcome of {@code work} back on the caller's Vert.x context, if it has one. */
    public static <T> Uni<T> resumeOnCaller(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            return caller == null ? work : work.emitOn(command -> caller.runOnContext(ignored -> command.run()));
        });
    }

    /** Runs blocking work on a worker thread and resumes on the caller's context. */
    public static <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            if (caller == null) {
                return Uni.createFrom().item(() -> {
                    try {
                        return work.call();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            return Uni.createFrom().completionStage(() -> caller.executeBlocking(work, false).toCompletionStage());
        });
    }
}
