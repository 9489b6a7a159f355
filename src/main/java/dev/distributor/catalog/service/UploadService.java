package dev.distributor.catalog.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.artifact.ArtifactConfig;
import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.catalog.artifact.ArtifactStore.PresignedRequest;
import dev.distributor.catalog.repository.ArtifactRepository;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Names;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * Hands out presigned uploads, so artifact bytes go straight to S3 and never through the service. The URL targets the
 * staging key ({@code staging/sha256/<hex>}); the ticket's key is where the artifact will live once a version names it
 * and it passes verification.
 */
@ApplicationScoped
public class UploadService {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final ArtifactRepository artifacts;
    private final ArtifactStore store;
    private final ArtifactConfig config;

    public UploadService(AccessControl access, UnitOfWork unitOfWork, ArtifactRepository artifacts, ArtifactStore store,
            ArtifactConfig config) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.artifacts = artifacts;
        this.store = store;
        this.config = config;
    }

    /**
     * @param request null when the store holds these bytes already (an artifact row and its object under
     *            {@code artifacts/}): nothing to send
     */
    public record UploadTicket(String fileName, String sha256, String key, boolean alreadyStored,
            PresignedRequest request) {
    }

    public Uni<UploadTicket> requestUpload(String fileName, long size, String sha256Hex) {
        // Access first: a caller who may not publish is refused as such, whatever the arguments.
        return access.require(Permission.PUBLISH, "artifact.requestUpload")
                .chain(actor -> ticket(fileName, size, sha256Hex));
    }

    private Uni<UploadTicket> ticket(String fileName, long size, String sha256Hex) {
        Names.fileName("fileName", fileName);
        String sha256 = Names.sha256("sha256", sha256Hex);
        long max = config.artifact().maxSize().asLongValue();
        if (size < 1 || size > max) {
            throw new DistributorException(ErrorCode.INVALID_INPUT,
                    "size must be between 1 and " + max + " bytes; got " + size + ".", Map.of("field", "size"));
        }
        String key = ArtifactStore.keyFor(sha256);
        return unitOfWork.read(session -> artifacts.find(session, sha256))
                // A known artifact whose object went missing from the bucket (restored database, emptied bucket)
                // gets a fresh upload, so "alreadyStored" never sends a publisher past bytes nobody can download.
                .chain(existing -> existing == null
                        ? Uni.createFrom().item(false)
                        : store.sizeOf(key).map(stored -> stored.isPresent()))
                .map(stored -> stored
                        ? new UploadTicket(fileName, sha256, key, true, null)
                        : new UploadTicket(fileName, sha256, key, false, store.presignUpload(sha256, size)));
    }
}
