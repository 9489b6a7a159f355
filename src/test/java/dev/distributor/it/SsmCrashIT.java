package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.distributor.ssm.local.LocalSsmEndpoint;
import dev.distributor.ssm.local.LocalSsmEndpointResource;
import dev.distributor.ssm.local.SentCommand;

/**
 * SendCommand has no idempotency token, so a service that dies after SSM accepted a command and before it recorded the
 * command's SSM id must not send it again after its restart (DESIGN.md §7): the SSM driver looks the command up by its
 * Comment first. Here the local SSM endpoint itself SIGKILLs the packaged service the moment it accepts the first
 * SendCommand, before its answer is written, so the service never learns the command id; after the restart every
 * instance must still have received exactly one command, and the rollout must succeed.
 */
class SsmCrashIT {

    private static final String TAG = "it";
    private static final Map<String, Object> ALL_AT_ONCE = Map.of("waves", List.of("100%"), "maxConcurrency", "100%",
            "maxErrors", "0");

    @Test
    void aServiceKilledBetweenSendCommandAndItsRecord_sendsNothingTwiceAfterTheRestart() throws Exception {
        Path sandboxes = Files.createDirectories(Path.of("target", "it-ssm-sandboxes"));
        try (LocalSsmEndpoint endpoint = LocalSsmEndpoint.start(sandboxes);
                ServiceCluster cluster = ServiceCluster.start(ssmSettings(endpoint))) {
            ServiceProcess service = cluster.replica("ssm-crash");
            ServiceApi api = new ServiceApi(service.baseUrl());
            String pkg = "it-ssm-crash";
            api.createPackage(pkg);
            List<String> instances = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = LocalSsmEndpoint.newManagedInstanceId();
                endpoint.addInstance(id).platform("Linux", "Ubuntu", "22.04").tags(Map.of(TAG, pkg));
                instances.add(id);
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> targets(api, pkg) == 3);
            AtomicReference<SentCommand> killedAt = new AtomicReference<>();
            endpoint.onSendCommand(command -> {
                if (killedAt.compareAndSet(null, command)) {
                    service.kill();
                }
            });

            // When: the first SendCommand is accepted and the service dies before it hears the answer.
            String rollout = api.createDeployment(pkg, TAG, pkg, ALL_AT_ONCE);
            api.startRollout(rollout);
            await().atMost(Duration.ofMinutes(1)).until(() -> killedAt.get() != null && !service.running());
            int listCommandsBefore = endpoint.calls("ListCommands");
            service.restart();

            // Then: the run succeeds and each instance got exactly one command, the killed one adopted, not resent.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "SUCCEEDED".equals(api.state(rollout)));
            for (String instance : instances) {
                assertThat(endpoint.sentCommands().stream().filter(c -> c.instanceIds().contains(instance)))
                        .as("SendCommands accepted for " + instance).hasSize(1);
            }
            assertThat(endpoint.calls("ListCommands")).as("look-ups by Comment after the restart")
                    .isGreaterThan(listCommandsBefore);
            assertThat(service.errorLines()).as("ERROR lines in " + service.log()).isEmpty();
        }
    }

    private static Map<String, String> ssmSettings(LocalSsmEndpoint endpoint) {
        return Map.ofEntries(Map.entry("DISTRIBUTOR_SSM_ENABLED", "true"),
                Map.entry("DISTRIBUTOR_SSM_ENDPOINT", endpoint.uri().toString()),
                Map.entry("DISTRIBUTOR_SSM_CREDENTIALS", "static"),
                Map.entry("DISTRIBUTOR_SSM_ACCESS_KEY", LocalSsmEndpointResource.ACCESS_KEY),
                Map.entry("DISTRIBUTOR_SSM_SECRET_KEY", LocalSsmEndpointResource.SECRET_KEY),
                Map.entry("DISTRIBUTOR_SSM_ACCOUNT", "123456789012"),
                Map.entry("DISTRIBUTOR_SSM_SYNC_INTERVAL", "1s"),
                Map.entry("DISTRIBUTOR_SSM_POLL_INTERVAL", "300ms"),
                // A short lease, so the restarted service takes the killed send over soon; the service refuses a lease
                // shorter than the retries and the call timeout of one send, so those are short too.
                Map.entry("DISTRIBUTOR_SSM_SEND_LEASE", "5s"),
                Map.entry("DISTRIBUTOR_SSM_SEND_CALL_TIMEOUT", "2s"),
                Map.entry("DISTRIBUTOR_SSM_RETRY_ATTEMPTS", "5"),
                Map.entry("DISTRIBUTOR_SSM_RETRY_MAX_BACKOFF", "200ms"));
    }

    private static int targets(ServiceApi api, String pkg) {
        return api.graphql("query($t: String!) { targets(filter: {tags: [$t]}, first: 10) { totalCount } }",
                Map.of("t", TAG + "=" + pkg)).getInt("targets.totalCount");
    }
}
