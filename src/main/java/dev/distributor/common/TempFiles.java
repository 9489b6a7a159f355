package dev.distributor.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/** Scratch directories for work that streams through the disk instead of memory, always removed afterwards. */
public final class TempFiles {

    private static final Logger LOG = Logger.getLogger(TempFiles.class);

    private TempFiles() {
    }

    /** Runs {@code work} with a fresh directory and deletes it however the work ends (item, failure, cancel). */
    public static <T> Uni<T> withDirectory(String prefix, Function<Path, Uni<T>> work) {
        return VertxContexts.blocking(() -> Files.createTempDirectory(prefix))
                .chain(dir -> Uni.createFrom().deferred(() -> work.apply(dir))
                        .onTermination().call(() -> VertxContexts.blocking(() -> deleteTree(dir))));
    }

    /** Deletes the directory and everything in it; blocking. A leftover is logged, not thrown. */
    public static Void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return null;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warnf(e, "Could not delete temporary directory %s", dir);
        }
        return null;
    }
}
