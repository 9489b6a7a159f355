package dev.distributor.catalog.artifact;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/** Not ready while the artifact bucket cannot be reached: uploads and version checks would all fail. */
@Readiness
@ApplicationScoped
public class ArtifactStoreHealthCheck implements AsyncHealthCheck {

    private final ArtifactStore store;
    private final ArtifactConfig config;

    public ArtifactStoreHealthCheck(ArtifactStore store, ArtifactConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        var response = HealthCheckResponse.named("Artifact store").withData("bucket", config.s3().bucket());
        return store.ping()
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .map(ignored -> response.up().build())
                .onFailure().recoverWithItem(e -> response.down()
                        .withData("error", e.getClass().getSimpleName()).build());
    }
}
