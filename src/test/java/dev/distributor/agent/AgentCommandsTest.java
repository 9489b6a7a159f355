package dev.distributor.agent;

import static dev.distributor.testing.Agents.await;
import static dev.distributor.testing.Agents.bean;
import static dev.distributor.testing.Agents.command;
import static dev.distributor.testing.Agents.install;
import static dev.distributor.testing.Agents.keyValues;
import static dev.distributor.testing.Agents.poll;
import static dev.distributor.testing.Agents.queue;
import static dev.distributor.testing.Agents.registerHost;
import static dev.distributor.testing.Agents.report;
import static dev.distributor.testing.Agents.row;
import static dev.distributor.testing.Agents.rows;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import dev.distributor.agent.queue.CommandWakeups;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Agents.Host;
import dev.distributor.testing.StoredArtifacts;

@QuarkusTest
class AgentCommandsTest {

    @Test
    void poll_withNoCommand_answers204AfterTheWait() {
        Host host = registerHost();
        long start = System.nanoTime();

        Response response = poll(host, 1);

        long millis = (System.nanoTime() - start) / 1_000_000;
        response.then().statusCode(204).header("X-Next-Poll-Seconds", "0");
        assertThat(millis).isBetween(900L, 5_000L);
    }

    @Test
    void aCommandQueuedWhileAPollWaits_wakesItWellBeforeTheWaitEnds() {
        Host host = registerHost();
        var waiting = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            Response response = poll(host, 20);
            return Map.entry(response, System.nanoTime() - start);
        });
        CommandWakeups wakeups = bean(CommandWakeups.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> wakeups.waitingPolls() > 0);
        long queuedAt = System.nanoTime();

        UUID id = queue(install(host.instanceId(), null));

        var answer = waiting.join();
        long latencyMillis = (System.nanoTime() - queuedAt) / 1_000_000;
        System.out.printf("long-poll wake-up latency: %d ms after queue (poll held %d ms)%n", latencyMillis,
                answer.getValue() / 1_000_000);
        answer.getKey().then().statusCode(200);
        Map<String, String> command = keyValues(answer.getKey().asString());
        assertThat(command).containsEntry("COMMAND_ID", id.toString()).containsEntry("ACTION", "INSTALL")
                .containsEntry("INSTALL_TYPE", "REINSTALL").containsEntry("PACKAGE", "hello")
                .containsEntry("VERSION", "1.1.0").containsEntry("FILE_URL", "").containsEntry("LEASE_SECONDS", "60")
                .containsEntry("TIMEOUT_SECONDS", "600").containsEntry("REBOOT_ALLOWED", "false");
        String arguments = new String(Base64.getDecoder().decode(command.get("ARGUMENTS")), StandardCharsets.UTF_8);
        assertThat(arguments).isEqualTo("SSM_GREETING="
                + Base64.getEncoder().encodeToString("hi there".getBytes(StandardCharsets.UTF_8)) + "\n");
        assertThat(latencyMillis).isLessThan(5_000);
        assertThat(command(id).state()).isEqualTo("DELIVERED");
        assertThat(command(id).deliveries()).isEqualTo(1);
    }

    @Test
    void aPollWhoseClientHungUp_letsGoOfItsWait_soACommandQueuedLaterGoesToTheHostsNextPollAtOnce()
            throws IOException {
        Host host = registerHost();
        CommandWakeups wakeups = bean(CommandWakeups.class);
        // Given: a poll that waits up to 30 s, whose client hangs up while it waits.
        try (Socket client = new Socket("127.0.0.1", RestAssured.port)) {
            client.getOutputStream().write(("GET /agent/v1/commands/next?wait=30 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + host.token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> wakeups.waitingPolls(host.instanceId()) == 1);
        }
        // Then: the service stops waiting for it, long before the 30 s are up.
        await().atMost(Duration.ofSeconds(10)).until(() -> wakeups.waitingPolls(host.instanceId()) == 0);

        // And: a command queued afterwards was taken by no one, so the host's next poll gets it as its first delivery,
        // not after a lease (60 s) of a delivery to a client that was gone.
        UUID id = queue(install(host.instanceId(), null));
        Response next = poll(host, 0);
        next.then().statusCode(200);
        assertThat(keyValues(next.asString())).containsEntry("COMMAND_ID", id.toString());
        assertThat(command(id).deliveries()).isEqualTo(1);
    }

    @Test
    void theIdlePollsOfAHostWithNothingOpen_readNoQueue_untilANotificationNamesTheHost() {
        Host host = registerHost();
        // Given: a poll found nothing open for the host.
        poll(host, 0).then().statusCode(204);
        // And: a command written to the table by hand, without the notification every send makes.
        UUID id = UUID.randomUUID();
        Agents.update("""
                insert into agent_command (id, instance_id, action, install_type, package_name, version,
                                           timeout_seconds, state, sent_at)
                values (?, ?, 'INSTALL', 'REINSTALL', 'hello', '1.1.0', 600, 'QUEUED', now())
                """, id, host.instanceId());

        // When: the host polls again, the queue is not read: nothing, although a read would have found the command.
        poll(host, 0).then().statusCode(204);

        // Then: once a notification names the host, its next poll reads the queue and gets the command.
        row("select cast(pg_notify(?, ?) as text)", CommandWakeups.CHANNEL, host.instanceId());
        await().atMost(Duration.ofSeconds(10)).until(() -> poll(host, 0).statusCode() == 200);
        assertThat(command(id).state()).isEqualTo("DELIVERED");
    }

    @Test
    void aCommandWithAFile_carriesAPresignedUrlThatDownloadsIt() {
        Host host = registerHost();
        byte[] bytes = "zip bytes".getBytes(StandardCharsets.UTF_8);
        String sha = StoredArtifacts.place(bytes);
        queue(install(host.instanceId(), sha));

        Map<String, String> command = keyValues(poll(host, 0).then().statusCode(200).extract().asString());

        assertThat(command.get("FILE_SHA256")).isEqualTo(sha);
        assertThat(command.get("FILE_URL")).contains("artifacts/sha256/" + sha).contains("X-Amz-Signature");
        assertThat(given().urlEncodingEnabled(false).get(command.get("FILE_URL")).then().statusCode(200).extract()
                .asByteArray()).isEqualTo(bytes);
    }

    @Test
    void aCommandRecordedButNotSent_isNotDelivered_untilResendUnsentSendsIt() {
        Host host = registerHost();
        UUID id = await(() -> bean(dev.distributor.common.work.UnitOfWork.class).change(
                new dev.distributor.common.work.Actor("test", "test"), "command.record", "test",
                (session, actor) -> bean(AgentDriver.class).record(session, install(host.instanceId(), null)),
                recorded -> Map.of()));
        assertThat(command(id).sent()).isFalse();

        poll(host, 1).then().statusCode(204);
        assertThat(command(id).state()).isEqualTo("QUEUED");

        int sent = await(() -> bean(AgentDriver.class).resendUnsent(0));

        assertThat(sent).isGreaterThanOrEqualTo(1);
        assertThat(command(id).sent()).isTrue();
        assertThat(keyValues(poll(host, 0).then().statusCode(200).extract().asString()))
                .containsEntry("COMMAND_ID", id.toString());
    }

    @Test
    void inProgressThenSuccess_isAccepted_andRecordsTheOutcomeAndTheInstalledVersion() {
        Host host = registerHost();
        UUID id = queue(install(host.instanceId(), null));
        poll(host, 0).then().statusCode(200);

        assertThat(keyValues(report(host, id.toString(), Map.of("STATUS", "IN_PROGRESS", "STEP", "download"))
                .then().statusCode(200).extract().asString())).containsEntry("ACCEPTED", "true");
        assertThat(command(id).state()).isEqualTo("IN_PROGRESS");
        poll(host, 0).then().statusCode(204);

        String output = Base64.getEncoder().encodeToString("installed\n".getBytes(StandardCharsets.UTF_8));
        assertThat(keyValues(report(host, id.toString(), Map.of("STATUS", "SUCCESS", "EXIT_CODE", "194",
                "REBOOT_REQUIRED", "true", "STEP", "install", "OUTPUT", output)).then().statusCode(200).extract()
                .asString())).containsEntry("ACCEPTED", "true").doesNotContainKey("REASON");

        var finished = command(id);
        assertThat(finished.state()).isEqualTo("SUCCESS");
        assertThat(finished.exitCode()).isEqualTo(194);
        assertThat(finished.rebootRequired()).isTrue();
        assertThat(finished.step()).isEqualTo("install");
        assertThat(finished.output()).isEqualTo("installed\n");
        assertThat(rows("select package_name, version from installed_package where instance_id = ?",
                host.instanceId())).containsExactly(List.of("hello", "1.1.0"));
    }

    @Test
    void aRepeatedReport_isADuplicate_andALateReportAfterTheFinish_changesNothing() {
        Host host = registerHost();
        UUID id = queue(install(host.instanceId(), null));
        poll(host, 0).then().statusCode(200);
        report(host, id.toString(), Map.of("STATUS", "IN_PROGRESS")).then().statusCode(200);

        assertThat(keyValues(report(host, id.toString(), Map.of("STATUS", "IN_PROGRESS")).asString()))
                .containsEntry("ACCEPTED", "false").containsEntry("REASON", "duplicate");
        report(host, id.toString(), Map.of("STATUS", "FAILED", "EXIT_CODE", "3")).then().statusCode(200);
        assertThat(keyValues(report(host, id.toString(), Map.of("STATUS", "FAILED", "EXIT_CODE", "3")).asString()))
                .containsEntry("ACCEPTED", "false").containsEntry("REASON", "duplicate");

        Response late = report(host, id.toString(), Map.of("STATUS", "SUCCESS", "EXIT_CODE", "0"));

        late.then().statusCode(200);
        assertThat(keyValues(late.asString())).containsEntry("ACCEPTED", "false").containsEntry("REASON", "finished");
        assertThat(command(id).state()).isEqualTo("FAILED");
        assertThat(command(id).exitCode()).isEqualTo(3);
        assertThat(row("""
                select count(*) from audit_event
                where action = 'command.status' and resource = ? and details->>'reason' = 'finished'
                """, "command/" + id)).containsExactly(1L);
    }

    @Test
    void aReportForAnotherAgentsCommand_is403_andAnUnknownCommand_is404_andNeitherChangesAnything() {
        Host owner = registerHost();
        Host other = registerHost();
        UUID id = queue(install(owner.instanceId(), null));
        poll(owner, 0).then().statusCode(200);

        Response notYours = report(other, id.toString(), Map.of("STATUS", "IN_PROGRESS"));
        Response unknown = report(other, UUID.randomUUID().toString(), Map.of("STATUS", "IN_PROGRESS"));

        notYours.then().statusCode(403);
        assertThat(keyValues(notYours.asString())).containsEntry("ERROR", "COMMAND_NOT_YOURS");
        unknown.then().statusCode(404);
        assertThat(keyValues(unknown.asString())).containsEntry("ERROR", "COMMAND_NOT_FOUND");
        assertThat(command(id).state()).isEqualTo("DELIVERED");
        assertThat(row("select count(*) from audit_event where action = 'command.status' and actor = ?",
                other.instanceId())).containsExactly(0L);
    }

    @Test
    void anOversizedOutput_is413_andABadReport_is400_andNeitherChangesTheCommand() {
        Host host = registerHost();
        UUID id = queue(install(host.instanceId(), null));
        poll(host, 0).then().statusCode(200);
        String tooLong = Base64.getEncoder().encodeToString("x".repeat(24_001).getBytes(StandardCharsets.UTF_8));
        String justFits = Base64.getEncoder().encodeToString("x".repeat(24_000).getBytes(StandardCharsets.UTF_8));

        Response oversized = report(host, id.toString(), Map.of("STATUS", "SUCCESS", "EXIT_CODE", "0",
                "OUTPUT", tooLong));
        Response noExitCode = report(host, id.toString(), Map.of("STATUS", "SUCCESS"));
        Response unknownStatus = report(host, id.toString(), Map.of("STATUS", "DONE"));

        oversized.then().statusCode(413);
        assertThat(keyValues(oversized.asString())).containsEntry("ERROR", "OUTPUT_TOO_LARGE");
        assertThat(keyValues(noExitCode.then().statusCode(400).extract().asString()))
                .containsEntry("ERROR", "INVALID_STATUS").containsEntry("FIELD", "EXIT_CODE");
        assertThat(keyValues(unknownStatus.then().statusCode(400).extract().asString()))
                .containsEntry("FIELD", "STATUS");
        assertThat(command(id).state()).isEqualTo("DELIVERED");
        assertThat(command(id).output()).isNull();
        report(host, id.toString(), Map.of("STATUS", "SUCCESS", "EXIT_CODE", "0", "OUTPUT", justFits))
                .then().statusCode(200);
        assertThat(command(id).output()).hasSize(24_000);
    }

    @Test
    void oneCommandAtATime_theNextWaitsUntilTheFirstFinishes() {
        Host host = registerHost();
        UUID first = queue(install(host.instanceId(), null));
        UUID second = queue(install(host.instanceId(), null));

        assertThat(keyValues(poll(host, 0).asString())).containsEntry("COMMAND_ID", first.toString());
        poll(host, 0).then().statusCode(204);
        report(host, first.toString(), Map.of("STATUS", "IN_PROGRESS")).then().statusCode(200);
        poll(host, 0).then().statusCode(204);
        report(host, first.toString(), Map.of("STATUS", "SUCCESS", "EXIT_CODE", "0")).then().statusCode(200);

        assertThat(keyValues(poll(host, 0).asString())).containsEntry("COMMAND_ID", second.toString());
    }

    @Test
    void inventory_replacesTheInstalledPackagesAndUpdatesFacts() {
        Host host = registerHost();
        given().header("Authorization", "Bearer " + host.token()).contentType("application/x-www-form-urlencoded")
                .formParam("INSTALLED", "alpha=1.0", "beta=2.0").post("/agent/v1/inventory").then().statusCode(200);

        Response response = given().header("Authorization", "Bearer " + host.token())
                .contentType("application/x-www-form-urlencoded")
                .formParam("INSTALLED", "beta=2.1", "gamma=0.1").formParam("PLATFORM_VERSION", "24.04")
                .post("/agent/v1/inventory");

        assertThat(keyValues(response.then().statusCode(200).extract().asString())).containsEntry("ACCEPTED", "true");
        assertThat(rows("select package_name, version from installed_package where instance_id = ? order by 1",
                host.instanceId())).containsExactly(List.of("beta", "2.1"), List.of("gamma", "0.1"));
        assertThat(row("select platform_version, name from target where instance_id = ?", host.instanceId()))
                .containsExactly("24.04", "web-1.example.internal");
        Response bad = given().header("Authorization", "Bearer " + host.token())
                .contentType("application/x-www-form-urlencoded").formParam("INSTALLED", "broken")
                .post("/agent/v1/inventory");
        assertThat(keyValues(bad.then().statusCode(400).extract().asString()))
                .containsEntry("ERROR", "INVALID_FACTS").containsEntry("FIELD", "INSTALLED");
    }

    @Test
    void inventoryAndRegistration_recordBrokenPackages_andRefuseABrokenPackageTheyDoNotList() {
        Map<String, String> answer = keyValues(given().contentType("application/x-www-form-urlencoded")
                .formParams(Agents.registrationForm(Agents.activation(1, Map.of("env", "test"))))
                .formParam("INSTALLED", "alpha=1.0", "beta=2.0").formParam("BROKEN", "beta")
                .post("/agent/v1/register").then().statusCode(201).extract().asString());
        Host host = new Host(answer.get("INSTANCE_ID"), answer.get("TOKEN"));
        assertThat(rows("select package_name, version, status from installed_package where instance_id = ? order by 1",
                host.instanceId())).containsExactly(List.of("alpha", "1.0", "INSTALLED"),
                        List.of("beta", "2.0", "BROKEN"));

        given().header("Authorization", "Bearer " + host.token()).contentType("application/x-www-form-urlencoded")
                .formParam("INSTALLED", "alpha=1.0", "beta=2.0").formParam("BROKEN", "alpha")
                .post("/agent/v1/inventory").then().statusCode(200);
        assertThat(rows("select package_name, status from installed_package where instance_id = ? order by 1",
                host.instanceId())).containsExactly(List.of("alpha", "BROKEN"), List.of("beta", "INSTALLED"));

        Response bad = given().header("Authorization", "Bearer " + host.token())
                .contentType("application/x-www-form-urlencoded").formParam("INSTALLED", "alpha=1.0")
                .formParam("BROKEN", "gamma").post("/agent/v1/inventory");
        assertThat(keyValues(bad.then().statusCode(400).extract().asString()))
                .containsEntry("ERROR", "INVALID_FACTS").containsEntry("FIELD", "BROKEN");
        assertThat(rows("select package_name, status from installed_package where instance_id = ? order by 1",
                host.instanceId())).containsExactly(List.of("alpha", "BROKEN"), List.of("beta", "INSTALLED"));
    }

    @Test
    void lastSeen_isFlushedToTheDatabaseInTheBackground() {
        Host host = registerHost();
        Agents.update("update target set last_seen = null where instance_id = ?", host.instanceId());

        poll(host, 0).then().statusCode(204);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> row("select last_seen is not null from target where instance_id = ?",
                        host.instanceId()).get(0).equals(Boolean.TRUE));
        assertThat(row("select last_seen > now() - interval '1 minute' from target where instance_id = ?",
                host.instanceId())).containsExactly(true);
    }
}
