package dev.distributor.simulator;

import java.net.URI;
import java.net.URL;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;

import io.quarkus.test.common.http.TestHTTPResource;

import dev.distributor.agent.AgentCommandService;
import dev.distributor.fleet.service.ActivationService;

/** What every simulator test against the running service needs: its URL, the services, and a fleet stopped after. */
public abstract class SimulatedFleetTestBase {

    @TestHTTPResource("/")
    protected URL baseUrl;

    @Inject
    ActivationService activations;

    @Inject
    AgentCommandService commands;

    /** The fleet under test; stopped after each test whatever happened. */
    protected FleetSimulator fleet;

    @AfterEach
    void stopFleet() {
        if (fleet != null) {
            fleet.stop();
        }
    }

    protected AgentService service() {
        return new AgentService(activations, commands);
    }

    protected FleetSimulator.Builder simulator() {
        return FleetSimulator.builder(URI.create(baseUrl.toString()));
    }
}
