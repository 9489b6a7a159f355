package dev.distributor.agent.rest;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.ext.web.RoutingContext;

import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.agent.queue.AgentCommandQueue;
import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.fleet.AgentConfig;

/**
 * Writes a delivered command as the poll's {@code KEY=value} answer. File URLs are signed now, valid for the command's
 * timeout plus its lease, or point to this service's file relay when that is on.
 */
@ApplicationScoped
public class CommandAnswers {

    private final ArtifactStore artifacts;
    private final AgentConfig config;
    private final PublicUrl publicUrl;

    public CommandAnswers(ArtifactStore artifacts, AgentConfig config, PublicUrl publicUrl) {
        this.artifacts = artifacts;
        this.config = config;
        this.publicUrl = publicUrl;
    }

    KeyValues of(AgentCommand command, RoutingContext rc) {
        Duration validFor = Duration.ofSeconds(command.timeoutSeconds()).plus(config.lease());
        return new KeyValues()
                .put("COMMAND_ID", command.id())
                .put("ACTION", command.action())
                .put("INSTALL_TYPE", command.installType())
                .put("PACKAGE", command.packageName())
                .put("VERSION", command.version())
                .put("FILE_URL", fileUrl(command.fileSha256(), validFor, rc))
                .put("FILE_SHA256", command.fileSha256())
                .put("FILE_SIZE", command.fileSize())
                .put("PREVIOUS_VERSION", command.previousVersion())
                .put("PREVIOUS_FILE_URL", fileUrl(command.previousFileSha256(), validFor, rc))
                .put("PREVIOUS_FILE_SHA256", command.previousFileSha256())
                .put("TIMEOUT_SECONDS", command.timeoutSeconds())
                .put("ARGUMENTS", AgentCommandQueue.encodeArguments(command.arguments()))
                .put("REBOOT_ALLOWED", command.rebootAllowed())
                .put("LEASE_SECONDS", config.lease().toSeconds())
                .put("NEXT_POLL_SECONDS", config.nextPollSeconds());
    }

    private String fileUrl(String sha256, Duration validFor, RoutingContext rc) {
        if (sha256 == null) {
            return null;
        }
        if (config.fileRelay()) {
            return publicUrl.forAnswer(rc) + "/agent/v1/files/" + sha256;
        }
        return artifacts.presignDownload(sha256, validFor).url().toString();
    }
}
