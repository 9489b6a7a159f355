package dev.distributor.agent;

import static dev.distributor.testing.Agents.activation;
import static dev.distributor.testing.Agents.queue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.catalog.artifact.ArtifactConfig;
import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.ShellAgents;
import dev.distributor.testing.Zips;

/**
 * The real shell agent does not trust the bucket: a zip the service would refuse, written into S3 behind its back at
 * the key a command names (so its sha256 matches), is refused on the host before anything is extracted, and nothing
 * lands outside the agent's run folder. And a script's environment is the documented one: no argument an older
 * service might send outside SSM_*, nothing of the agent's own environment.
 */
@QuarkusTest
class ShellAgentTamperedZipTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    @Inject
    S3AsyncClient s3;

    @Inject
    ArtifactConfig artifacts;

    @AfterEach
    void stopAgents() {
        ShellAgents.destroyAll();
    }

    /** One hostile zip: its entries, and what the agent must say about it. */
    record Hostile(String name, List<Entry> entries, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A zip entry; {@code link} entries are Unix symbolic links whose content is the target. */
    record Entry(String name, String content, boolean link) {
    }

    static Stream<Arguments> hostileZips() {
        // {outside} stands for a folder outside the agent's state; {marker} for a file a script would create there.
        String install = "#!/bin/sh\ntouch '{outside}/{marker}'\n";
        return Stream.of(
                new Hostile("a link to a folder outside, then a file written through it",
                        List.of(file("install.sh", install), link("evil", "{outside}"),
                                file("evil/planted.sh", "#!/bin/sh\necho planted\n")),
                        "refusing zip entry 'evil': a symbolic link"),
                new Hostile("an install.sh that is itself a link",
                        List.of(link("install.sh", "{outside}/planted.sh")),
                        "refusing zip entry 'install.sh': a symbolic link"),
                new Hostile("an entry climbing out with ../",
                        List.of(file("install.sh", install), file("../../../../{marker}-escaped", "gotcha")),
                        "a '..' segment"),
                new Hostile("the same name twice with different bytes",
                        List.of(file("install.sh", "#!/bin/sh\necho harmless\n"), file("install.sh", install)),
                        "refusing zip entry 'install.sh': the name appears twice"),
                new Hostile("./install.sh beside install.sh",
                        List.of(file("install.sh", "#!/bin/sh\necho harmless\n"), file("./install.sh", install)),
                        "refusing zip entry './install.sh': a '.' segment"),
                new Hostile("two names that differ only in case",
                        List.of(file("install.sh", install), file("INSTALL.sh", install)),
                        "two names differ only in case"),
                new Hostile("an absolute path",
                        List.of(file("install.sh", install), file("{outside}/{marker}-absolute", "gotcha")),
                        "an absolute path"),
                new Hostile("a control character in a name",
                        List.of(file("install.sh", install), file("log\u001b[2Jname", "x")),
                        "a control character"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileZips")
    void aTamperedZipInTheBucket_isRefusedAtVerify_andNothingIsWrittenOutsideTheRunFolder(Hostile hostile)
            throws IOException {
        // Given: a running agent, and a folder outside its state that a hostile zip aims at.
        Path outside = Files.createDirectories(sandbox.resolve("outside-" + UUID.randomUUID()));
        String marker = "tampered-" + UUID.randomUUID();
        Path state = sandbox.resolve("state");
        String instanceId = startAgent(state, Map.of());
        byte[] zip = zip(hostile.entries(), outside, marker);

        // When: the zip is put into the bucket behind the service's back, at the key of its own sha256 (as a
        // tampered bucket or an older, unchecking service would hold it), and a command names it.
        String sha = putBehindTheServicesBack(zip);
        AgentCommand done = ShellAgents.awaitFinished(queue(new CommandSpec(instanceId, "INSTALL", "REINSTALL",
                Catalog.uniqueName("tampered"), "1.0.0", sha, (long) zip.length, null, null, Map.of(), 60, false,
                3600, 540)));

        // Then: refused at verify, saying why, with no script run and nothing written outside the run folder.
        assertThat(done.state()).as(done.output()).isEqualTo("FAILED");
        assertThat(done.step()).isEqualTo("verify");
        assertThat(done.output()).contains(hostile.reason()).doesNotContain("=== install.sh");
        assertThat(ShellAgents.read(state.resolve("logs/agent.log"))).contains(hostile.reason());
        try (Stream<Path> planted = Files.list(outside)) {
            assertThat(planted).isEmpty();
        }
        assertThat(Path.of("/tmp", marker + "-escaped")).doesNotExist();
        assertThat(sandbox.resolve(marker + "-escaped")).doesNotExist();
        assertThat(pathsUnder(sandbox)).filteredOn(p -> p.getFileName().toString().startsWith(marker)).isEmpty();
        assertThat(pathsUnder(state)).filteredOn(Files::isSymbolicLink).isEmpty();
    }

    /**
     * Every path below {@code root}, links not followed. The agent keeps polling meanwhile, so a file it removes
     * (a response header file, say) may vanish mid-walk: that is skipped rather than failing the test.
     */
    private static List<Path> pathsUnder(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                found.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                found.add(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                return vanished(e);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                return e == null ? FileVisitResult.CONTINUE : vanished(e);
            }

            private FileVisitResult vanished(IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return found;
    }

    @Test
    void aScriptSeesOnlyTheDocumentedEnvironment_noArgumentOutsideSsm_andNothingOfTheAgentsOwn() throws IOException {
        // Given: an agent started with secrets in its own environment and an install root.
        String secret = "agent-secret-" + UUID.randomUUID();
        Path state = sandbox.resolve("state");
        Path installRoot = sandbox.resolve("install-root");
        Path out = Files.createDirectories(sandbox.resolve("out"));
        String instanceId = register(state, installRoot);
        String sha = putBehindTheServicesBack(new Zips()
                .with("install.sh", "#!/bin/sh\nenv > \"$SSM_OUT/env.txt\"\n"
                        + "printf '%s' \"$SSM_TEXT\" > \"$SSM_OUT/text.txt\"\n")
                .bytes());
        // And: a command as an older service would send it, with arguments no current service accepts.
        UUID id = queue(new CommandSpec(instanceId, "INSTALL", "REINSTALL", Catalog.uniqueName("envdump"), "1.0.0",
                sha, 100L, null, null, Map.of("SSM_OUT", out.toString()), 60, false, 3600, 540));
        Map<String, String> olderService = new LinkedHashMap<>();
        olderService.put("SSM_OUT", out.toString());
        olderService.put("SSM_TEXT", "two\nlines, 'quotes' and $(no expansion)\n");
        for (String name : List.of("PATH", "LD_PRELOAD", "BASH_ENV", "ENV", "IFS", "ssm_lower", "HOME",
                "DISTRIBUTOR_INSTALL_ROOT")) {
            olderService.put(name, secret);
        }
        Agents.update("update agent_command set arguments = cast(? as jsonb) where id = ?",
                Agents.bean(ObjectMapper.class).writeValueAsString(olderService), id);

        // When: the agent starts (and picks the command up).
        ShellAgents.start(agentCommand(state, installRoot), "env-host",
                Map.of("DISTRIBUTOR_AGENT_TEST_MARKER", secret, "AWS_SECRET_ACCESS_KEY", secret,
                        "LD_LIBRARY_PATH", "/" + secret));
        AgentCommand done = ShellAgents.awaitFinished(id);

        // Then: the script ran with exactly the documented variables.
        assertThat(done.state()).as(done.output()).isEqualTo("SUCCESS");
        String env = ShellAgents.read(out.resolve("env.txt"));
        assertThat(env).doesNotContain(secret);
        Map<String, String> variables = Arrays.stream(env.split("\n"))
                .filter(l -> l.matches("[A-Za-z_][A-Za-z0-9_]*=.*"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> a));
        Set<String> documented = Set.of("PATH", "HOME", "LANG", "DISTRIBUTOR_PACKAGE", "DISTRIBUTOR_VERSION",
                "DISTRIBUTOR_PREVIOUS_VERSION", "DISTRIBUTOR_ACTION", "DISTRIBUTOR_INSTANCE_ID",
                "DISTRIBUTOR_INSTALL_ROOT", "BWS_PLATFORM_NAME", "BWS_PLATFORM_VERSION", "BWS_ARCHITECTURE",
                "BWS_INSTANCE_ID", "SSM_OUT", "SSM_TEXT");
        // What the shell running the script adds itself (dash: PWD; bash as sh: PWD, SHLVL, _, OLDPWD).
        Set<String> shellOwn = Set.of("PWD", "OLDPWD", "SHLVL", "_");
        assertThat(variables.keySet()).containsAll(documented);
        assertThat(variables.keySet().stream().filter(n -> !documented.contains(n) && !shellOwn.contains(n)))
                .isEmpty();
        assertThat(variables.get("PATH")).isEqualTo("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(variables.get("LANG")).isEqualTo("C");
        assertThat(variables.get("DISTRIBUTOR_INSTALL_ROOT")).isEqualTo(installRoot.toString());
        assertThat(variables.get("HOME")).isEqualTo(installRoot.resolve("root").toString());
        assertThat(variables.get("DISTRIBUTOR_INSTANCE_ID")).isEqualTo(instanceId);
        assertThat(ShellAgents.read(out.resolve("text.txt"))).isEqualTo(olderService.get("SSM_TEXT"));
        // And: the agent says what it dropped.
        assertThat(done.output()).contains("ignoring additional argument LD_PRELOAD: only SSM_* arguments reach "
                + "scripts", "ignoring additional argument ssm_lower");
    }

    private String startAgent(Path state, Map<String, String> environment) {
        String instanceId = register(state, null);
        ShellAgents.start(agentCommand(state, null), state.getFileName() + "-" + instanceId, environment);
        return instanceId;
    }

    /** Registers through the agent's --register-only mode (as the installer does); returns the instance id. */
    private String register(Path state, Path installRoot) {
        var activation = activation(1, Map.of("env", "test"));
        List<String> command = agentCommand(state, installRoot);
        command.remove("--foreground");
        command.addAll(List.of("--register-only", "--activation-id", activation.id().toString(),
                "--activation-code", activation.code()));
        Process registration = ShellAgents.start(command, "tamper-register", Map.of());
        await().atMost(ShellAgents.PATIENCE).until(() -> !registration.isAlive());
        assertThat(registration.exitValue()).isZero();
        return ShellAgents.read(state.resolve("instance_id")).trim();
    }

    private List<String> agentCommand(Path state, Path installRoot) {
        List<String> command = new ArrayList<>(List.of("sh", ShellAgents.AGENT_SCRIPT.toString(), "--foreground",
                "--server", baseUrl.toString().replaceAll("/$", ""), "--state-dir", state.toString(), "--wait", "5",
                "--platform", "ubuntu", "--platform-version", "22.04", "--arch", "x86_64", "--hostname",
                "tamper-host"));
        if (installRoot != null) {
            command.addAll(List.of("--install-root", installRoot.toString()));
        }
        return command;
    }

    /** PUTs the bytes at artifacts/sha256/<their sha256> with the S3 client: no upload, no check. */
    private String putBehindTheServicesBack(byte[] bytes) {
        String sha = Zips.sha256(bytes);
        s3.putObject(p -> p.bucket(artifacts.s3().bucket()).key(ArtifactStore.keyFor(sha)),
                AsyncRequestBody.fromBytes(bytes)).join();
        return sha;
    }

    private static Entry file(String name, String content) {
        return new Entry(name, content, false);
    }

    private static Entry link(String name, String target) {
        return new Entry(name, target, true);
    }

    /** Writes the entries as they are (duplicates and all) with Commons Compress, which checks nothing. */
    private static byte[] zip(List<Entry> entries, Path outside, String marker) {
        try (var buffer = new ByteArrayOutputStream(); var zip = new ZipArchiveOutputStream(buffer)) {
            for (Entry e : entries) {
                var entry = new ZipArchiveEntry(fill(e.name(), outside, marker));
                entry.setUnixMode(e.link() ? 0120777 : 0100755);
                entry.setTime(1_700_000_000_000L);
                zip.putArchiveEntry(entry);
                zip.write(fill(e.content(), outside, marker).getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
            zip.finish();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fill(String text, Path outside, String marker) {
        return text.replace("{outside}", outside.toString()).replace("{marker}", marker);
    }
}
