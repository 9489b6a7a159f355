package dev.distributor.fleet;

import static dev.distributor.testing.Agents.activation;
import static dev.distributor.testing.Agents.register;
import static dev.distributor.testing.Agents.registerHost;
import static dev.distributor.testing.Agents.registrationForm;
import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Agents.Host;
import dev.distributor.testing.GraphQL;

/** revokeActivation: a revoked activation registers no more hosts; the hosts it registered keep working. */
@QuarkusTest
class ActivationRevocationTest {

    private static final String REVOKE = """
            mutation($id: String!) { revokeActivation(id: $id) { id code registrationLimit registrations revokedAt } }
            """;

    @Test
    void aRevokedActivation_refusesRegistrationWith410ActivationRevoked_whileItsHostsKeepPolling() {
        CreatedActivation activation = activation(5, Map.of("env", "test"));
        Host registered = registerHost(activation);

        var revoked = GraphQL.ok(REVOKE, vars("id", activation.id().toString()));

        assertThat(revoked.getString("revokeActivation.revokedAt")).isNotNull();
        assertThat(revoked.getString("revokeActivation.code")).as("the code is never shown again").isNull();
        assertThat(revoked.getInt("revokeActivation.registrations")).isEqualTo(1);
        Response refused = register(registrationForm(activation));
        refused.then().statusCode(410);
        assertThat(Agents.keyValues(refused.asString())).containsEntry("ERROR", "ACTIVATION_REVOKED");
        assertThat(Agents.row("select registrations from activation where id = ?", activation.id()))
                .containsExactly(1);
        Agents.poll(registered, 0).then().statusCode(204);
    }

    @Test
    void revokingTwice_isAllowed_keepsTheFirstRevocationTime_andEachIsAuditedAsActivationRevokeByLocal() {
        CreatedActivation activation = activation(1, Map.of());
        String first = GraphQL.ok(REVOKE, vars("id", activation.id().toString()))
                .getString("revokeActivation.revokedAt");

        String second = GraphQL.ok(REVOKE, vars("id", activation.id().toString()))
                .getString("revokeActivation.revokedAt");

        assertThat(second).isEqualTo(first);
        assertThat(Agents.rows("select action, actor, outcome from audit_event where resource = ? order by id",
                "activation/" + activation.id())).containsExactly(List.of("activation.create", "local", "DONE"),
                        List.of("activation.revoke", "local", "DONE"), List.of("activation.revoke", "local", "DONE"));
    }

    @Test
    void revokingAnUnknownActivation_isActivationNotFound() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            assertThat(GraphQL.error(REVOKE, vars("id", id)).getString("extensions.code")).as(id)
                    .isEqualTo("ACTIVATION_NOT_FOUND");
        }
    }
}
