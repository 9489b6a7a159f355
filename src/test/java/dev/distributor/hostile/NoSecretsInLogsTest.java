package dev.distributor.hostile;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.ShellAgents;
import dev.distributor.testing.TestInfrastructure;
import dev.distributor.testing.Zips;

/**
 * A whole deployment (activation, a real shell agent registering, a presigned upload, a rollout to that agent) while
 * the service's log records and the agent's log files are captured: none of them may hold the activation code, the
 * agent token, the S3 secret key or any presigned-URL signature or credential.
 */
@QuarkusTest
class NoSecretsInLogsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    private final CapturedLog serviceLog = new CapturedLog();
    private final Logger root = Logger.getLogger("");
    private final Logger ours = Logger.getLogger("dev.distributor");
    private Level oursBefore;

    /** Every record the service logs while the test runs, formatted with its stack trace. */
    static final class CapturedLog extends Handler {
        final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            var text = new StringWriter().append(record.getLoggerName()).append(' ').append(String.valueOf(message));
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            lines.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        String text() {
            return String.join("\n", lines);
        }
    }

    @BeforeEach
    void captureTheServiceLog() {
        serviceLog.setLevel(Level.ALL);
        root.addHandler(serviceLog);
        // Our own debug lines too: a secret must not hide one level down, where an operator turns it on.
        oursBefore = ours.getLevel();
        ours.setLevel(Level.FINE);
    }

    @AfterEach
    void stopCapturing() {
        root.removeHandler(serviceLog);
        ours.setLevel(oursBefore);
        ShellAgents.destroyAll();
    }

    @Test
    void aFullDeployment_leavesNoActivationCodeTokenS3SecretOrSignatureInAnyLog() {
        String pkg = Catalog.createPackage("secrets");
        JsonPath activation = GraphQL.ok("""
                mutation($input: CreateActivationInput!) { createActivation(input: $input) { id code } }
                """, vars("input", Map.of("account", "111122223333", "region", "eu-west-1", "registrationLimit", 1,
                "defaultTags", List.of(Map.of("key", "fleet", "value", pkg))))).setRootPath("data.createActivation");
        Path stateDir = sandbox.resolve("state");
        String hostname = pkg + "-host";
        ShellAgents.start(List.of("sh", ShellAgents.AGENT_SCRIPT.toString(), "--foreground", "--server",
                baseUrl.toString().replaceAll("/$", ""), "--state-dir", stateDir.toString(), "--wait", "5",
                "--platform", "ubuntu", "--platform-version", "22.04", "--arch", "x86_64", "--hostname", hostname,
                "--activation-id", activation.getString("id"), "--activation-code", activation.getString("code")),
                hostname, Map.of());
        await().atMost(ShellAgents.PATIENCE).until(() -> !ShellAgents.read(stateDir.resolve("token")).isBlank());
        String token = ShellAgents.read(stateDir.resolve("token")).trim();

        byte[] zip = new Zips().with("install.sh", "#!/bin/sh\necho installed " + pkg + "\n")
                .with("uninstall.sh", "#!/bin/sh\necho removed\n").bytes();
        String sha = Zips.sha256(zip);
        JsonPath ticket = Catalog.requestUpload("app-linux.zip", zip, sha);
        Catalog.put(ticket.getString("url"), ticket.getList("headers"), zip);
        Catalog.addVersion(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", "app-linux.zip", sha), true);
        String rollout = Rollouts.create(Map.of("packageName", pkg, "version", "1.0.0", "installType", "REINSTALL",
                "selector", Map.of("tags", List.of("fleet=" + pkg)),
                "strategy", Map.of("waves", List.of("100%"), "maxConcurrency", "100%", "commandTimeoutSeconds", 60)));
        Rollouts.control("startRollout", rollout);
        Rollouts.awaitState(rollout, "SUCCEEDED", PATIENCE);
        org.jboss.logging.Logger.getLogger(NoSecretsInLogsTest.class).info("scenario done: capture is working");

        String service = serviceLog.text();
        String agent = ShellAgents.read(stateDir.resolve("logs").resolve("agent.log")) + "\n"
                + ShellAgents.read(ShellAgents.outputOf(hostname));
        assertThat(service).as("the capture sees the service's records").contains("scenario done");
        assertThat(agent).as("the agent logged its work").contains("registered as");
        String signature = queryValue(ticket.getString("url"), "X-Amz-Signature");
        List<String> secrets = List.of(activation.getString("code"), token, TestInfrastructure.SECRET_KEY, signature,
                "X-Amz-Signature", "X-Amz-Credential");
        assertThat(secrets).allSatisfy(secret -> assertThat(secret).hasSizeGreaterThan(8));
        for (String secret : secrets) {
            assertThat(service).as("service log").doesNotContain(secret);
            assertThat(agent).as("agent log").doesNotContain(secret);
        }
    }

    private static String queryValue(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " not in " + url);
    }
}
