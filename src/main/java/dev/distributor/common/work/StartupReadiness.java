package dev.distributor.common.work;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check "Startup": DOWN, naming each {@link StartupStep} not done yet with its last failure, until the
 * {@link StartupGate} opens; UP from then on. There is no liveness check of ours: a replica waiting for its database
 * or bucket is alive, and restarting it would not make them answer sooner.
 */
@Readiness
@ApplicationScoped
public class StartupReadiness implements HealthCheck {

    private final StartupGate gate;

    public StartupReadiness(StartupGate gate) {
        this.gate = gate;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Startup");
        if (gate.isOpen()) {
            return response.up().build();
        }
        gate.pending().forEach(response::withData);
        return response.down().build();
    }
}
