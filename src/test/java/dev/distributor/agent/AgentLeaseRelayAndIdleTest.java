package dev.distributor.agent;

import static dev.distributor.testing.Agents.await;
import static dev.distributor.testing.Agents.bean;
import static dev.distributor.testing.Agents.command;
import static dev.distributor.testing.Agents.install;
import static dev.distributor.testing.Agents.keyValues;
import static dev.distributor.testing.Agents.poll;
import static dev.distributor.testing.Agents.queue;
import static dev.distributor.testing.Agents.registerHost;
import static dev.distributor.testing.Agents.row;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import dev.distributor.fleet.service.Liveness;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Agents.Host;
import dev.distributor.testing.SmallLimitsShortLease;
import dev.distributor.testing.StoredArtifacts;

@QuarkusTest
@TestProfile(SmallLimitsShortLease.class)
class AgentLeaseRelayAndIdleTest {

    @Test
    void aDeliveredCommandNotAcknowledged_isDeliveredAgainAfterTheLease_withTheSameId() {
        Host host = registerHost();
        UUID id = queue(install(host.instanceId(), null));
        assertThat(keyValues(poll(host, 0).asString())).containsEntry("COMMAND_ID", id.toString())
                .containsEntry("LEASE_SECONDS", "2");
        poll(host, 0).then().statusCode(204);

        Map<String, String> again = keyValues(poll(host, 5).then().statusCode(200).extract().asString());

        assertThat(again).containsEntry("COMMAND_ID", id.toString());
        assertThat(command(id).deliveries()).isEqualTo(2);
        assertThat(command(id).state()).isEqualTo("DELIVERED");
    }

    @Test
    void afterFiveDeliveriesWithoutAnAcknowledgement_theCommandFails_notAcknowledged() {
        Host host = registerHost();
        UUID id = queue(install(host.instanceId(), null));
        Agents.update("""
                update agent_command set state = 'DELIVERED', deliveries = 5, lease_until = now() - interval '1 second'
                where id = ?
                """, id);

        poll(host, 0).then().statusCode(204);

        assertThat(command(id).state()).isEqualTo("FAILED");
        assertThat(command(id).step()).isEqualTo("not-acknowledged");
    }

    @Test
    void theFileRelay_streamsTheCurrentCommandsFile_andRefusesOtherFiles() {
        Host host = registerHost();
        Host stranger = registerHost();
        byte[] bytes = ("relay me " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String sha = StoredArtifacts.place(bytes);
        String otherSha = StoredArtifacts.place(("other " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        queue(install(host.instanceId(), sha));
        Map<String, String> command = keyValues(poll(host, 0).then().statusCode(200).extract().asString());
        assertThat(command.get("FILE_URL")).endsWith("/agent/v1/files/" + sha);

        byte[] relayed = given().header("Authorization", "Bearer " + host.token()).get(command.get("FILE_URL"))
                .then().statusCode(200).extract().asByteArray();

        assertThat(relayed).isEqualTo(bytes);
        Response other = given().header("Authorization", "Bearer " + host.token())
                .get("/agent/v1/files/" + otherSha);
        other.then().statusCode(404);
        assertThat(keyValues(other.asString())).containsEntry("ERROR", "FILE_NOT_FOUND");
        given().header("Authorization", "Bearer " + stranger.token()).get("/agent/v1/files/" + sha)
                .then().statusCode(404);
        given().get("/agent/v1/files/" + sha).then().statusCode(401);
    }

    @Test
    void idlePolls_writeNothing_untilTheFlushWritesLastSeenOnce() {
        Host host = registerHost();
        await(() -> bean(Liveness.class).flush());
        Object versionBefore = row("select xmin::text from target where instance_id = ?", host.instanceId()).get(0);
        long auditBefore = (Long) row("select count(*) from audit_event where actor = ?", host.instanceId()).get(0);
        long commandsBefore = (Long) row("select count(*) from agent_command where instance_id = ?",
                host.instanceId()).get(0);

        for (int i = 0; i < 5; i++) {
            poll(host, 0).then().statusCode(204);
        }
        poll(host, 1).then().statusCode(204);

        assertThat(row("select xmin::text from target where instance_id = ?", host.instanceId()).get(0))
                .as("the target row was not rewritten by idle polls").isEqualTo(versionBefore);
        assertThat(row("select count(*) from audit_event where actor = ?", host.instanceId()))
                .containsExactly(auditBefore);
        assertThat(row("select count(*) from agent_command where instance_id = ?", host.instanceId()))
                .containsExactly(commandsBefore);
        assertThat(bean(Liveness.class).unflushed(host.instanceId())).isPresent();

        int flushed = await(() -> bean(Liveness.class).flush());

        assertThat(flushed).isGreaterThanOrEqualTo(1);
        assertThat(row("select xmin::text from target where instance_id = ?", host.instanceId()).get(0))
                .isNotEqualTo(versionBefore);
        assertThat(row("select last_seen > now() - interval '1 minute' from target where instance_id = ?",
                host.instanceId())).containsExactly(true);
        assertThat(bean(Liveness.class).unflushed(host.instanceId())).isEmpty();
    }
}
