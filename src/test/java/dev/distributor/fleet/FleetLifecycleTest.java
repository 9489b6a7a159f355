package dev.distributor.fleet;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Agents;
import dev.distributor.testing.Agents.Host;
import dev.distributor.testing.GraphQL;

/** An operator's view of a host's life: activation, registration, a command with its output, deregistration. */
@QuarkusTest
class FleetLifecycleTest {

    private static final String CREATE_ACTIVATION = """
            mutation($input: CreateActivationInput!) {
              createActivation(input: $input) { id code account region registrationLimit defaultTags { key value } }
            }
            """;

    @Test
    void aHostRegisteredWithAnActivation_carriesItsAccountRegionAndTags_andShowsItsCommands() {
        String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath activation = GraphQL.ok(CREATE_ACTIVATION, vars("input", Map.of("account", account,
                "region", "eu-central-1", "registrationLimit", 2,
                "defaultTags", List.of(Map.of("key", "ring", "value", "canary")))))
                .setRootPath("data.createActivation");
        assertThat(activation.getString("code")).isNotBlank();

        Map<String, Object> form = new java.util.LinkedHashMap<>();
        form.put("ACTIVATION_ID", activation.getString("id"));
        form.put("ACTIVATION_CODE", activation.getString("code"));
        form.put("HOSTNAME", "edge-7");
        form.put("PLATFORM", "debian");
        form.put("PLATFORM_VERSION", "12");
        form.put("ARCH", "arm64");
        form.put("AGENT_VERSION", "sh-test");
        Map<String, String> registered = Agents.keyValues(Agents.register(form, "hello=0.9").then().statusCode(201)
                .extract().asString());
        Host host = new Host(registered.get("INSTANCE_ID"), registered.get("TOKEN"));

        JsonPath target = GraphQL
                .ok("""
                        query($account: String!) {
                          targets(filter: { accounts: [$account], tags: ["ring=canary"], online: true }) {
                            edges { node { instanceId name platform arch region online installedPackages { packageName version } } }
                          }
                        }
                        """,
                        vars("account", account))
                .setRootPath("data.targets.edges[0].node");
        assertThat(target.getString("instanceId")).isEqualTo(host.instanceId());
        assertThat(target.getString("region")).isEqualTo("eu-central-1");
        assertThat(target.getBoolean("online")).as("registering is a sign of life").isTrue();
        assertThat(target.getList("installedPackages.packageName")).containsExactly("hello");

        UUID command = Agents.queue(Agents.install(host.instanceId(), null));
        String delivered = Agents.keyValues(Agents.poll(host, 5).then().statusCode(200).extract().asString())
                .get("COMMAND_ID");
        assertThat(delivered).isEqualTo(command.toString());
        Agents.report(host, delivered, Map.of("STATUS", "IN_PROGRESS")).then().statusCode(200);
        String output = Base64.getEncoder().encodeToString("installed hello 1.1.0\n".getBytes(StandardCharsets.UTF_8));
        Agents.report(host, delivered, Map.of("STATUS", "SUCCESS", "EXIT_CODE", "0", "STEP", "install",
                "OUTPUT", output)).then().statusCode(200);

        JsonPath commands = GraphQL.ok("""
                query($id: String!) { target(instanceId: $id) { recentCommands { id state exitCode step output } } }
                """, vars("id", host.instanceId())).setRootPath("data.target.recentCommands[0]");
        assertThat(commands.getString("id")).isEqualTo(command.toString());
        assertThat(commands.getString("state")).isEqualTo("SUCCESS");
        assertThat(commands.getString("output")).isEqualTo("installed hello 1.1.0\n");
    }

    @Test
    void deregisteringAHost_revokesItsTokenAndCancelsWhatWasQueuedForIt() {
        Host host = Agents.registerHost(Agents.activation(1, Map.of()));
        UUID queued = Agents.queue(Agents.install(host.instanceId(), null));

        GraphQL.ok("mutation($id: String!) { deregisterTarget(instanceId: $id) }", vars("id", host.instanceId()));

        Agents.poll(host, 0).then().statusCode(401);
        assertThat(Agents.command(queued).state()).isEqualTo("CANCELLED");
    }

    @Test
    void deregisteringAHost_endsItsHeldPollAtOnce_throughTheRevocationNotice() throws Exception {
        Host host = Agents.registerHost(Agents.activation(1, Map.of()));
        var wakeups = Agents.bean(dev.distributor.agent.queue.CommandWakeups.class);
        int alreadyHeld = wakeups.waitingPolls();
        var heldPoll = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            int status = Agents.poll(host, 20).statusCode();
            return new long[]{status, (System.nanoTime() - start) / 1_000_000};
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> wakeups.waitingPolls() > alreadyHeld);

        GraphQL.ok("mutation($id: String!) { deregisterTarget(instanceId: $id) }", vars("id", host.instanceId()));

        long[] answer = heldPoll.get(15, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer[0]).as("the held poll's status").isEqualTo(401);
        assertThat(answer[1]).as("ms until the held poll ended").isLessThan(5_000);
        Agents.poll(host, 0).then().statusCode(401);
    }

    @Test
    void createActivation_refusesBadInput() {
        JsonPath error = GraphQL.error(CREATE_ACTIVATION, vars("input", Map.of("account", "a", "region", "r",
                "expiresInHours", 0)));
        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_INPUT");
        assertThat(error.getString("extensions.field")).isEqualTo("expiresInHours");

    }
}
