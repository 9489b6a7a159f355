package dev.distributor.catalog.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.artifact.ArtifactConfig;
import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.catalog.manifest.Manifest;
import dev.distributor.common.VertxContexts;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * Stages files that stream through the service (multipart uploads, bundle imports) under
 * {@code staging/sha256/<hex>}, the way a presigned PUT would. Each file is checked against the manifest first, off
 * the event loop, so a wrong or oversized file is refused before any byte reaches the store. The version itself is
 * verified afterwards by {@link VersionService#add}, exactly as for presigned uploads, which promotes the files or
 * deletes them; a caller refused between the two calls {@link #discard}.
 */
@ApplicationScoped
public class ArtifactIntake {

    private final ArtifactStore store;
    private final ArtifactConfig config;

    public ArtifactIntake(ArtifactStore store, ArtifactConfig config) {
        this.store = store;
        this.config = config;
    }

    /**
     * Refuses a file the manifest does not list, a name given twice, an oversized file and a checksum mismatch; then
     * stages each distinct content once. Stages nothing unless every file passes.
     *
     * @param field the request field the files came in ({@code file} parts, the {@code bundle}), named in errors
     */
    public Uni<Void> store(Manifest manifest, List<IncomingFile> files, String field) {
        requireListedOnce(manifest, files, field);
        return VertxContexts.blocking(() -> {
            for (IncomingFile file : files) {
                check(manifest, file);
            }
            return null;
        }).chain(() -> {
            Map<String, Path> bySha = new LinkedHashMap<>();
            files.forEach(f -> bySha.putIfAbsent(manifest.files().get(f.name()), f.path()));
            return Multi.createFrom().iterable(bySha.entrySet())
                    .onItem().transformToUniAndConcatenate(e -> store.stage(e.getKey(), e.getValue()))
                    .collect().asList()
                    .replaceWithVoid();
        });
    }

    /** Deletes the staged uploads of every file the manifest names; never fails (see ArtifactStore#discardStaged). */
    public Uni<Void> discard(Manifest manifest) {
        return store.discardStaged(manifest.files().values());
    }

    private static void requireListedOnce(Manifest manifest, List<IncomingFile> files, String field) {
        var seen = new HashSet<String>();
        for (IncomingFile file : files) {
            if (!manifest.files().containsKey(file.name())) {
                throw new DistributorException(ErrorCode.INVALID_INPUT, "File '" + file.name() + "' in " + field
                        + " is not listed under $.files of the manifest; send only files the manifest lists.",
                        Map.of("field", field, "fileName", file.name()));
            }
            if (!seen.add(file.name())) {
                throw new DistributorException(ErrorCode.INVALID_INPUT, "File '" + file.name() + "' in " + field
                        + " is given more than once; send each file once.",
                        Map.of("field", field, "fileName", file.name()));
            }
        }
    }

    private void check(Manifest manifest, IncomingFile file) throws IOException {
        String jsonPath = "$.files['" + file.name() + "']";
        long size = Files.size(file.path());
        long max = config.artifact().maxSize().asLongValue();
        if (size > max) {
            throw new DistributorException(ErrorCode.ZIP_TOO_LARGE, "File '" + file.name() + "' is " + size
                    + " bytes; the limit is " + max + " (DISTRIBUTOR_ARTIFACT_MAX_SIZE).",
                    Map.of("field", file.name(), "jsonPath", jsonPath));
        }
        String expected = manifest.files().get(file.name());
        String actual = sha256Of(file.path());
        if (!actual.equals(expected)) {
            throw new DistributorException(ErrorCode.CHECKSUM_MISMATCH, "File '" + file.name()
                    + "' does not match its checksum: the manifest says " + expected + " but the bytes sent hash to "
                    + actual + ". Nothing was stored; send the right file or correct the manifest.",
                    Map.of("field", file.name(), "jsonPath", jsonPath));
        }
    }

    static String sha256Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
