package dev.distributor.agent.rest;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.distributor.agent.queue.AgentCommandQueue;
import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.catalog.artifact.Hashing;
import dev.distributor.common.VertxContexts;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.fleet.AgentConfig;

/**
 * Streams an artifact from the store to a host that cannot reach S3, only while a delivered or running command of
 * that host names the file. Refusals are {@code FILE_NOT_FOUND} (relay off, a malformed hash, or no such command), so
 * a host learns nothing about files it was not sent.
 */
@ApplicationScoped
public class FileRelay {

    private static final Logger LOG = Logger.getLogger(FileRelay.class);

    private final AgentCommandQueue queue;
    private final ArtifactStore artifacts;
    private final AgentConfig config;

    public FileRelay(AgentCommandQueue queue, ArtifactStore artifacts, AgentConfig config) {
        this.queue = queue;
        this.artifacts = artifacts;
        this.config = config;
    }

    Uni<Response> send(String instanceId, String sha256, RoutingContext rc) {
        if (!config.fileRelay()) {
            throw new DistributorException(ErrorCode.FILE_NOT_FOUND, "The file relay is off on this service.");
        }
        if (!AgentRequests.isSha256(sha256)) {
            throw notYourFile();
        }
        return queue.currentCommandNames(instanceId, sha256)
                .chain(named -> named ? relay(sha256, rc) : Uni.createFrom().failure(notYourFile()));
    }

    /** Copies the object to a temporary file and sends that; the file is deleted when the response ends. */
    private Uni<Response> relay(String sha256, RoutingContext rc) {
        return VertxContexts.blocking(() -> Files.createTempDirectory("relay-"))
                .chain(dir -> artifacts.download(ArtifactStore.keyFor(sha256), dir.resolve(sha256))
                        .onTermination().invoke((path, failure, cancelled) -> {
                            if (failure != null || cancelled) {
                                deleteLater(dir);
                            }
                        })
                        .map(path -> {
                            rc.addEndHandler(ended -> deleteLater(dir));
                            return Response.ok(path.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE).build();
                        }));
    }

    private static void deleteLater(Path dir) {
        VertxContexts.blocking(() -> Hashing.deleteTree(dir)).subscribe().with(
                done -> {
                }, failure -> LOG.warnf(failure, "Could not delete relay folder %s", dir));
    }

    private static DistributorException notYourFile() {
        return new DistributorException(ErrorCode.FILE_NOT_FOUND,
                "No delivered or running command of this host names that file.");
    }
}
