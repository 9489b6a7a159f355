package dev.distributor.agent;

import static dev.distributor.testing.Agents.activation;
import static dev.distributor.testing.Agents.queue;
import static dev.distributor.testing.Agents.row;
import static dev.distributor.testing.ShellAgents.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.ShellAgents;
import dev.distributor.testing.StoredArtifacts;

/**
 * The one-line installer as a host runs it: {@code curl -fsSL <server>/agent/install.sh | sh -s -- ...} against the
 * test service, with real processes in a sandbox. systemd is replaced by a recording fake {@code systemctl}; the unit
 * it installs is checked with {@code systemd-analyze verify} where that tool exists.
 */
@QuarkusTest
class AgentInstallerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String UNIT = "distributor-agent.service";

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    @AfterEach
    void stopAgents() {
        ShellAgents.destroyAll();
    }

    @AfterAll
    static void stopAllAgents() {
        ShellAgents.destroyAll();
    }

    /** The service on the loopback address, as a host would name it. */
    private String server() {
        return "http://127.0.0.1:" + baseUrl.getPort();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Pipes the served installer into sh with these arguments, as the README's one-liner does. */
    private Process pipeInstaller(String logName, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "url=$1; shift; curl -fsSL \"$url/agent/install.sh\" | sh -s -- \"$@\"", "install", server()));
        command.addAll(args);
        return ShellAgents.start(command, logName, env);
    }

    private static int exitOf(Process process) throws InterruptedException {
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the installer finished").isTrue();
        return process.exitValue();
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        await().atMost(ShellAgents.PATIENCE).until(() -> !process.isAlive());
    }

    private static long targetsOf(CreatedActivation activation) {
        return (Long) row("select count(*) from target where activation_id = ?", activation.id()).get(0);
    }

    /**
     * Every regular file under {@code root} whose bytes contain {@code secret}. The agent still runs and makes and
     * removes its temporary files meanwhile: one gone before it is read holds nothing that stays on disk.
     */
    private static List<Path> filesContaining(Path root, String secret) throws IOException {
        String needle = new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                try {
                    if (attributes.isRegularFile()
                            && new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(needle)) {
                        found.add(file);
                    }
                } catch (NoSuchFileException gone) {
                    // Removed since the directory was listed.
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }
        });
        return found;
    }

    @Test
    void theServedInstaller_carriesTheServersUrl_andTheAgentAndUnitAreServedWithoutAToken() throws Exception {
        HttpResponse<String> installer = get("/agent/install.sh");
        HttpResponse<String> agent = get("/agent/distributor-agent.sh");
        HttpResponse<String> unit = get("/agent/" + UNIT);

        assertThat(installer.statusCode()).isEqualTo(200);
        assertThat(installer.body()).startsWith("#!/bin/sh\n")
                .contains("\nDEFAULT_SERVER=\"" + server() + "\"\n")
                .doesNotContain("DEFAULT_SERVER=\"\"");
        assertThat(installer.body().replace("DEFAULT_SERVER=\"" + server() + "\"", "DEFAULT_SERVER=\"\""))
                .isEqualTo(Files.readString(ShellAgents.INSTALLER_SCRIPT));
        assertThat(agent.statusCode()).isEqualTo(200);
        assertThat(agent.body()).isEqualTo(Files.readString(ShellAgents.AGENT_SCRIPT));
        assertThat(unit.statusCode()).isEqualTo(200);
        assertThat(unit.body()).isEqualTo(Files.readString(ShellAgents.UNIT_FILE));
    }

    @Test
    void inTheForeground_theInstallerRegistersOnce_andTheInstalledAgentRunsCommands_alsoAfterARerun()
            throws Exception {
        CreatedActivation activation = activation(5, Map.of("env", "installer"));
        Path state = sandbox.resolve("state");
        Path prefix = sandbox.resolve("bin");
        Path target = Files.createDirectories(sandbox.resolve("target"));
        List<String> args = List.of("--activation-id", activation.id().toString(), "--activation-code",
                activation.code(), "--foreground", "--state-dir", state.toString(), "--prefix", prefix.toString(),
                "--wait", "2", "--platform", "debian", "--platform-version", "12", "--arch", "arm64", "--hostname",
                "installed-host");

        Process first = pipeInstaller("installed-host", Map.of(), args);

        Path idFile = state.resolve("instance_id");
        await().atMost(ShellAgents.PATIENCE).until(() -> !read(idFile).isBlank());
        String instanceId = read(idFile).trim();
        assertThat(row("select name, platform, platform_version, arch, agent_version from target"
                + " where instance_id = ?", instanceId))
                .containsExactly("installed-host", "debian", "12", "arm64", "sh-0.1.0");
        Path agent = prefix.resolve("distributor-agent");
        assertThat(agent).isExecutable().hasSameTextualContentAs(ShellAgents.AGENT_SCRIPT);
        assertThat(Files.getPosixFilePermissions(state.resolve("token")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        String pkg = Catalog.uniqueName("shinst");
        String sha = StoredArtifacts.place(ShellAgents.linuxZip("1.0.0", false).bytes());
        AgentCommand install = ShellAgents.awaitFinished(queue(ShellAgents.spec(instanceId, target, "INSTALL",
                "REINSTALL", pkg, "1.0.0", sha, null, null, 60)));
        assertThat(install.state()).as(install.output()).isEqualTo("SUCCESS");
        assertThat(read(target.resolve("app")).trim()).isEqualTo("1.0.0");
        assertThat(first.isAlive()).as("the agent runs in the foreground").isTrue();

        // Again on the registered host (the upgrade path): same identity, no second registration.
        stop(first);
        Files.writeString(agent, "\n# an older agent\n", java.nio.file.StandardOpenOption.APPEND);
        pipeInstaller("installed-host-again", Map.of(), args);
        await().atMost(ShellAgents.PATIENCE).until(() -> read(ShellAgents.outputOf("installed-host-again"))
                .contains("already registered as " + instanceId));
        assertThat(agent).hasSameTextualContentAs(ShellAgents.AGENT_SCRIPT);
        AgentCommand uninstall = ShellAgents.awaitFinished(queue(ShellAgents.spec(instanceId, target, "UNINSTALL",
                "REINSTALL", pkg, "1.0.0", null, "1.0.0", null, 60)));
        assertThat(uninstall.state()).as(uninstall.output()).isEqualTo("SUCCESS");
        assertThat(read(idFile).trim()).isEqualTo(instanceId);
        assertThat(targetsOf(activation)).isEqualTo(1);
        assertThat(filesContaining(sandbox, activation.code())).isEmpty();
    }

    @Test
    void withSystemd_theInstallerWritesAUnitWithoutSecrets_enablesAndRestartsIt_andUninstallRemovesIt()
            throws Exception {
        CreatedActivation activation = activation(5, Map.of("env", "installer"));
        Path state = sandbox.resolve("state");
        Path prefix = sandbox.resolve("bin");
        Path units = sandbox.resolve("units");
        Path fakeBin = Files.createDirectories(sandbox.resolve("fake-bin"));
        Path systemctlLog = sandbox.resolve("systemctl.log");
        Path systemctl = Files.writeString(fakeBin.resolve("systemctl"),
                "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$SYSTEMCTL_LOG\"\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", fakeBin + ":" + System.getenv("PATH"), "SYSTEMCTL_LOG",
                systemctlLog.toString());
        List<String> dirs = List.of("--state-dir", state.toString(), "--prefix", prefix.toString(), "--unit-dir",
                units.toString());
        List<String> facts = List.of("--platform", "debian", "--platform-version", "12", "--hostname", "unit-host");
        List<String> install = new ArrayList<>(List.of("--systemd", "--activation-id", activation.id().toString(),
                "--activation-code", activation.code()));
        install.addAll(dirs);
        install.addAll(facts);

        assertThat(exitOf(pipeInstaller("unit-host", env, install))).isZero();

        String instanceId = read(state.resolve("instance_id")).trim();
        assertThat(instanceId).startsWith("mi-");
        Path unit = units.resolve(UNIT);
        assertThat(read(unit)).contains("\nExecStart=" + prefix.resolve("distributor-agent") + " --server "
                + server() + " --state-dir " + state
                + " --platform debian --platform-version 12 --hostname unit-host\n")
                .doesNotContain("@AGENT@", "@SERVER@", "@STATE_DIR@", "@EXTRA_ARGS@");
        assertThat(read(systemctlLog).lines().toList())
                .containsExactly("daemon-reload", "enable " + UNIT, "restart " + UNIT);
        assertThat(filesContaining(sandbox, activation.code())).isEmpty();
        Path installedUnit = Files.copy(unit, Files.createDirectories(sandbox.resolve("verify")).resolve(UNIT));

        // Re-run without the activation (an upgrade): no registration, the unit is restarted.
        List<String> upgrade = new ArrayList<>(List.of("--systemd"));
        upgrade.addAll(dirs);
        upgrade.addAll(facts);
        assertThat(exitOf(pipeInstaller("unit-host-upgrade", env, upgrade))).isZero();
        assertThat(read(state.resolve("instance_id")).trim()).isEqualTo(instanceId);
        assertThat(targetsOf(activation)).isEqualTo(1);
        assertThat(read(systemctlLog).lines().filter(("restart " + UNIT)::equals).count()).isEqualTo(2);

        List<String> uninstall = new ArrayList<>(List.of("--systemd", "--uninstall"));
        uninstall.addAll(dirs);
        assertThat(exitOf(pipeInstaller("unit-host-uninstall", env, uninstall))).isZero();
        assertThat(unit).doesNotExist();
        assertThat(prefix.resolve("distributor-agent")).doesNotExist();
        assertThat(state.resolve("token")).exists();
        assertThat(read(systemctlLog)).contains("disable --now " + UNIT + "\n");

        uninstall.add("--purge");
        assertThat(exitOf(pipeInstaller("unit-host-purge", env, uninstall))).isZero();
        assertThat(state).doesNotExist();

        assertVerifiedBySystemd(installedUnit, prefix);
    }

    /** systemd-analyze verify needs the unit's ExecStart to exist; the agent is put back for it. */
    private static void assertVerifiedBySystemd(Path unit, Path prefix) throws Exception {
        boolean present = new ProcessBuilder("sh", "-c", "command -v systemd-analyze").start().waitFor() == 0;
        Assumptions.assumeTrue(present, "systemd-analyze is not installed here (Debian package 'systemd'), so the"
                + " installed unit was not checked by systemd; every other assertion of this test ran");
        Files.createDirectories(prefix);
        Path agent = Files.copy(ShellAgents.AGENT_SCRIPT, prefix.resolve("distributor-agent"));
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process verify = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true)
                .start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEmpty();
        assertThat(verify.exitValue()).isZero();
    }

    @Test
    void anUnreachableServer_failsTheInstall_withAClearMessage_andInstallsNothing() throws Exception {
        Path prefix = sandbox.resolve("bin");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String unreachable = "http://127.0.0.1:" + closedPort;
        Process installer = ShellAgents.start(List.of("sh", ShellAgents.INSTALLER_SCRIPT.toString(), "--server",
                unreachable, "--activation-id", "x", "--activation-code", "y", "--state-dir",
                sandbox.resolve("state").toString(), "--prefix", prefix.toString(), "--foreground"),
                "unreachable-install", Map.of());

        assertThat(exitOf(installer)).isEqualTo(1);
        assertThat(read(ShellAgents.outputOf("unreachable-install")))
                .contains("could not download the agent from " + unreachable);
        assertThat(prefix.resolve("distributor-agent")).doesNotExist();
    }

    @Test
    void theInstaller_passesShellcheckWithNoFindings() throws Exception {
        Process check = new ProcessBuilder("shellcheck", "-s", "sh", ShellAgents.INSTALLER_SCRIPT.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEmpty();
        assertThat(check.exitValue()).isZero();
    }
}
