package dev.distributor.agent;

import static dev.distributor.testing.Agents.activation;
import static dev.distributor.testing.ShellAgents.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.ShellAgents;
import dev.distributor.testing.SmallLimitsShortLease;
import dev.distributor.testing.Zips;

/**
 * Argument values arrive exactly (issue 15, case 10): whatever an additional argument's value holds (trailing or leading
 * newlines, spaces at either end, '=', quotes, shell syntax, non-ASCII UTF-8, nothing at all), a real shell agent's
 * script reads the same bytes in its environment variable. The script writes each value's bytes to a file, untouched
 * by any shell expansion, and the test compares them to the value's UTF-8 bytes. The values travel the whole way: a
 * GraphQL rollout, the deployment's stored arguments, the command's ARGUMENTS, the agent. Shares the profile of the other
 * shell agent tests with non-default settings, so Quarkus need not start once more for it.
 */
@QuarkusTest
@TestProfile(SmallLimitsShortLease.class)
class ShellAgentArgumentBytesTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    @AfterEach
    void stopAgents() {
        ShellAgents.destroyAll();
    }

    @Test
    void everyArgumentValueReachesTheScriptByteForByte() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SSM_TRAILING_NEWLINES", "x\n\n");
        values.put("SSM_ONLY_NEWLINES", "\n\n\n");
        values.put("SSM_LEADING_NEWLINE", "\nx");
        values.put("SSM_SPACES", "  both ends  ");
        values.put("SSM_TABS_AND_CR", "\tx\r\n\t");
        values.put("SSM_EQUALS", "=a==b=");
        values.put("SSM_QUOTES", "'single' \"double\" `back` $(not run) ${HOME} \\ end\\");
        values.put("SSM_UTF8", "gr\u00fc\u00dfe \u2713 \ud83d\ude00 \u65e5\u672c");
        values.put("SSM_EMPTY", "");
        values.put("SSM_ENDS_WITH_X", "trailing x");
        StringBuilder install = new StringBuilder("#!/bin/sh\nset -e\n");
        for (String name : values.keySet()) {
            install.append("printf '%s' \"$").append(name).append("\" > \"$SSM_OUT/").append(name).append("\"\n");
        }
        Path out = Files.createDirectories(sandbox.resolve("out"));
        Path stateDir = sandbox.resolve("state");
        CreatedActivation activation = activation(1, Map.of("env", "arguments"));
        ShellAgents.start(List.of("sh", ShellAgents.AGENT_SCRIPT.toString(), "--foreground", "--server",
                baseUrl.toString().replaceAll("/$", ""), "--state-dir", stateDir.toString(), "--wait", "5",
                "--platform", "ubuntu", "--platform-version", "22.04", "--arch", "x86_64", "--hostname", "arg-bytes",
                "--activation-id", activation.id().toString(), "--activation-code", activation.code()), "arg-bytes",
                Map.of());
        Path idFile = stateDir.resolve("instance_id");
        await().atMost(ShellAgents.PATIENCE).until(() -> !read(idFile).isBlank());
        String pkg = Catalog.createPackage("sharg");
        String sha = Catalog.upload("args.zip", new Zips().with("install.sh", install.toString())
                .with("uninstall.sh", "#!/bin/sh\n").bytes());
        Catalog.addVersion(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", "args.zip", sha), true);
        List<Map<String, Object>> arguments = new ArrayList<>();
        arguments.add(Map.of("name", "SSM_OUT", "value", out.toString()));
        values.forEach((name, value) -> arguments.add(Map.of("name", name, "value", value)));
        Map<String, Object> input = new LinkedHashMap<>(Rollouts.deploymentTo(pkg, "1.0.0",
                List.of(read(idFile).trim()), Map.of("commandTimeoutSeconds", 60)));
        input.put("arguments", arguments);

        String rollout = Rollouts.create(input);
        Rollouts.control("startRollout", rollout);
        Rollouts.awaitState(rollout, "SUCCEEDED", ShellAgents.PATIENCE);

        for (var value : values.entrySet()) {
            assertThat(Files.readAllBytes(out.resolve(value.getKey()))).as(value.getKey())
                    .isEqualTo(value.getValue().getBytes(StandardCharsets.UTF_8));
        }
    }
}
