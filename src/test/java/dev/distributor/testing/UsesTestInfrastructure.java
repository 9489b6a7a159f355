package dev.distributor.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link TestInfrastructure} for every @QuarkusTest in the run (a global test resource). */
@QuarkusTestResource(TestInfrastructure.class)
public final class UsesTestInfrastructure {
    private UsesTestInfrastructure() {
    }
}
