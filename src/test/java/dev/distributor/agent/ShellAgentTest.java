package dev.distributor.agent;

import static dev.distributor.testing.Agents.activation;
import static dev.distributor.testing.Agents.command;
import static dev.distributor.testing.Agents.queue;
import static dev.distributor.testing.Agents.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.ShellAgents;
import dev.distributor.testing.StoredArtifacts;
import dev.distributor.testing.Zips;

/** Runs the real POSIX sh agent (deploy/agent/distributor-agent.sh) as processes against the test server. */
@QuarkusTest
class ShellAgentTest {

    private static final Path SCRIPT = ShellAgents.AGENT_SCRIPT;
    private static final Duration PATIENCE = ShellAgents.PATIENCE;

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    /** One agent process and its sandbox. */
    record Agent(Process process, Path stateDir, Path target, String instanceId) {
    }

    @AfterEach
    void stopAgents() {
        ShellAgents.destroyAll();
    }

    @AfterAll
    static void stopAllAgents() {
        ShellAgents.destroyAll();
    }

    private Process launch(Path stateDir, CreatedActivation activation, String platform, String version, String arch,
            String hostname, String... extraArgs) {
        return launchAgainst(baseUrl.toString().replaceAll("/$", ""), stateDir, activation, platform, version, arch,
                hostname, extraArgs);
    }

    private static Process launchAgainst(String server, Path stateDir, CreatedActivation activation, String platform,
            String version, String arch, String hostname, String... extraArgs) {
        List<String> cmd = new ArrayList<>(List.of("sh", SCRIPT.toString(), "--foreground", "--server", server,
                "--state-dir", stateDir.toString(), "--wait", "5", "--platform", platform, "--platform-version",
                version, "--arch", arch, "--hostname", hostname));
        if (activation != null) {
            cmd.addAll(List.of("--activation-id", activation.id().toString(), "--activation-code",
                    activation.code()));
        }
        cmd.addAll(List.of(extraArgs));
        return ShellAgents.start(cmd, hostname, Map.of());
    }

    private Agent start(CreatedActivation activation, String name, String platform, String version, String arch,
            String... extraArgs) {
        Path stateDir = sandbox.resolve(name + "-state");
        Path target = sandbox.resolve(name + "-target");
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = launch(stateDir, activation, platform, version, arch, name, extraArgs);
        Path idFile = stateDir.resolve("instance_id");
        await().atMost(PATIENCE).until(() -> Files.exists(idFile) && !read(idFile).isBlank());
        return new Agent(process, stateDir, target, read(idFile).trim());
    }

    private Agent start(String name) {
        return start(activation(10, Map.of("env", "test")), name, "ubuntu", "22.04", "x86_64");
    }

    private static String read(Path file) {
        return ShellAgents.read(file);
    }

    private static Zips linuxZip(String version, boolean withUpdate) {
        return ShellAgents.linuxZip(version, withUpdate);
    }

    private static CommandSpec spec(Agent agent, String action, String installType, String pkg, String version,
            String sha, String previous, int timeout) {
        return ShellAgents.spec(agent.instanceId(), agent.target(), action, installType, pkg, version, sha, previous,
                null, timeout);
    }

    private static AgentCommand awaitFinished(UUID id) {
        return ShellAgents.awaitFinished(id);
    }

    private static List<List<Object>> installed(Agent agent) {
        return ShellAgents.installed(agent.instanceId());
    }

    private static boolean alive(long pid) {
        String stat = read(Path.of("/proc/" + pid + "/stat"));
        if (stat.isEmpty()) {
            return false;
        }
        String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        return !state.equals("Z") && !state.equals("X");
    }

    @Test
    void threeAgents_registerWithTheirFacts_sendInventory_andInstallWritesTheirFiles() throws IOException {
        CreatedActivation activation = activation(10, Map.of("env", "test"));
        Agent ubuntu = start(activation, "ubuntu-host", "ubuntu", "22.04", "x86_64");
        Agent redhat = start(activation, "redhat-host", "redhat", "9.3", "arm64");
        Agent amazon = start(activation, "amazon-host", "amazon", "2023", "386");

        for (var expected : List.of(List.of(ubuntu, "ubuntu", "22.04", "x86_64"),
                List.of(redhat, "redhat", "9.3", "arm64"), List.of(amazon, "amazon", "2023", "386"))) {
            Agent agent = (Agent) expected.get(0);
            assertThat(row("select platform, platform_version, arch, agent_version from target where instance_id = ?",
                    agent.instanceId())).containsExactly(expected.get(1), expected.get(2), expected.get(3), "sh-0.1.0");
            assertThat(Files.getPosixFilePermissions(agent.stateDir().resolve("token")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }

        String pkg = Catalog.uniqueName("shapp");
        String sha = StoredArtifacts.place(linuxZip("1.0.0", false).bytes());
        Map<Agent, UUID> ids = new java.util.LinkedHashMap<>();
        for (Agent agent : List.of(ubuntu, redhat, amazon)) {
            ids.put(agent, queue(spec(agent, "INSTALL", "REINSTALL", pkg, "1.0.0", sha, null, 60)));
        }
        for (var e : ids.entrySet()) {
            AgentCommand done = awaitFinished(e.getValue());
            assertThat(done.state()).as(done.output()).isEqualTo("SUCCESS");
            assertThat(done.step()).isEqualTo("install");
            assertThat(done.exitCode()).isZero();
            assertThat(read(e.getKey().target().resolve("app")).trim()).isEqualTo("1.0.0");
            await().atMost(PATIENCE).until(() -> installed(e.getKey()).equals(List.of(List.of(pkg, "1.0.0"))));
        }
        assertThat(read(redhat.target().resolve("log"))).isEqualTo("install 1.0.0 INSTALL redhat arm64\n");
        assertThat(read(amazon.target().resolve("log"))).isEqualTo("install 1.0.0 INSTALL amazon 386\n");

        // Same version, same arguments again: skipped as already installed, scripts not run.
        AgentCommand again = awaitFinished(queue(spec(ubuntu, "INSTALL", "REINSTALL", pkg, "1.0.0", sha, "1.0.0", 60)));
        assertThat(again.state()).isEqualTo("SUCCESS");
        assertThat(read(ubuntu.target().resolve("log"))).isEqualTo("install 1.0.0 INSTALL ubuntu x86_64\n");
    }

    @Test
    void inPlaceUpdate_thenReinstall_thenUninstall_runTheRightScriptsInOrder() {
        Agent agent = start("lifecycle-host");
        String pkg = Catalog.uniqueName("shlife");
        String v1 = StoredArtifacts.place(linuxZip("1.0.0", false).bytes());
        String v11 = StoredArtifacts.place(linuxZip("1.1.0", true).bytes());
        String v2 = StoredArtifacts.place(linuxZip("2.0.0", false).bytes());

        assertThat(awaitFinished(queue(spec(agent, "INSTALL", "REINSTALL", pkg, "1.0.0", v1, null, 60))).state())
                .isEqualTo("SUCCESS");

        AgentCommand update = awaitFinished(queue(spec(agent, "INSTALL", "IN_PLACE", pkg, "1.1.0", v11, "1.0.0", 60)));
        assertThat(update.state()).as(update.output()).isEqualTo("SUCCESS");
        assertThat(update.step()).isEqualTo("update");
        assertThat(read(agent.target().resolve("app")).trim()).isEqualTo("1.1.0");
        await().atMost(PATIENCE).until(() -> installed(agent).equals(List.of(List.of(pkg, "1.1.0"))));

        AgentCommand reinstall = awaitFinished(
                queue(spec(agent, "INSTALL", "REINSTALL", pkg, "2.0.0", v2, "1.1.0", 60)));
        assertThat(reinstall.state()).as(reinstall.output()).isEqualTo("SUCCESS");
        assertThat(read(agent.target().resolve("app")).trim()).isEqualTo("2.0.0");
        await().atMost(PATIENCE).until(() -> installed(agent).equals(List.of(List.of(pkg, "2.0.0"))));

        AgentCommand uninstall = awaitFinished(queue(spec(agent, "UNINSTALL", "REINSTALL", pkg, "2.0.0", null,
                "2.0.0", 60)));
        assertThat(uninstall.state()).as(uninstall.output()).isEqualTo("SUCCESS");
        assertThat(uninstall.step()).isEqualTo("uninstall");
        assertThat(agent.target().resolve("app")).doesNotExist();
        await().atMost(PATIENCE).until(() -> installed(agent).isEmpty());

        assertThat(read(agent.target().resolve("log")).lines().toList()).containsExactly(
                "install 1.0.0 INSTALL ubuntu x86_64",
                "update 1.1.0 from 1.0.0",
                "uninstall 1.1.0",
                "install 2.0.0 INSTALL ubuntu x86_64",
                "uninstall 2.0.0");
    }

    @Test
    void aHashMismatch_failsAtVerify_andAMissingUpdateScript_failsAtUpdate_withoutRunningScripts() {
        Agent agent = start("failing-host");
        String pkg = Catalog.uniqueName("shbad");
        byte[] real = linuxZip("1.0.0", false).bytes();
        String claimed = Zips.sha256(linuxZip("9.9.9", false).bytes());
        StoredArtifacts.placeAs(real, claimed);

        AgentCommand mismatch = awaitFinished(queue(spec(agent, "INSTALL", "REINSTALL", pkg, "1.0.0", claimed, null,
                60)));
        assertThat(mismatch.state()).isEqualTo("FAILED");
        assertThat(mismatch.step()).isEqualTo("verify");
        assertThat(mismatch.output()).contains("sha256 mismatch");
        assertThat(agent.target().resolve("log")).doesNotExist();

        String noUpdate = StoredArtifacts.place(linuxZip("1.2.0", false).bytes());
        AgentCommand update = awaitFinished(queue(spec(agent, "INSTALL", "IN_PLACE", pkg, "1.2.0", noUpdate, null,
                60)));
        assertThat(update.state()).isEqualTo("FAILED");
        assertThat(update.step()).isEqualTo("update");
        assertThat(update.output()).contains("no update.sh");
        assertThat(agent.target().resolve("log")).doesNotExist();
        await().atMost(PATIENCE).until(() -> installed(agent).isEmpty());
    }

    private static Zips hangingZip() {
        return new Zips().with("install.sh", "#!/bin/sh\n: \"${SSM_TARGET_DIR:?}\"\n"
                + "sleep 300 &\n"
                + "echo $! > \"$SSM_TARGET_DIR/child.pid\"\n"
                + "echo $$ > \"$SSM_TARGET_DIR/script.pid\"\n"
                + "wait\n")
                .with("uninstall.sh", "#!/bin/sh\nexit 0\n");
    }

    @Test
    void aScriptThatNeverExits_isKilledWithItsProcessGroupAtTheTimeout_andReportedTimedOut() {
        Agent agent = start("timeout-host");
        String pkg = Catalog.uniqueName("shhang");
        String sha = StoredArtifacts.place(hangingZip().bytes());

        AgentCommand done = awaitFinished(queue(spec(agent, "INSTALL", "REINSTALL", pkg, "1.0.0", sha, null, 3)));

        assertThat(done.state()).isEqualTo("TIMED_OUT");
        assertThat(done.step()).isEqualTo("install");
        long script = Long.parseLong(read(agent.target().resolve("script.pid")).trim());
        long child = Long.parseLong(read(agent.target().resolve("child.pid")).trim());
        await().atMost(PATIENCE).until(() -> !alive(script) && !alive(child));
        assertThat(installed(agent)).isEmpty();
    }

    @Test
    void anAgentKilledMidCommand_onRestartKillsTheLeftoverGroup_andReportsAgentRestarted() {
        CreatedActivation activation = activation(10, Map.of("env", "test"));
        Agent agent = start(activation, "restart-host", "debian", "12", "x86_64");
        String pkg = Catalog.uniqueName("shrestart");
        String sha = StoredArtifacts.place(hangingZip().bytes());
        UUID id = queue(spec(agent, "INSTALL", "REINSTALL", pkg, "1.0.0", sha, null, 600));
        Path childPid = agent.target().resolve("child.pid");
        Path scriptPid = agent.target().resolve("script.pid");
        await().atMost(PATIENCE).until(() -> !read(scriptPid).isBlank() && !read(childPid).isBlank());
        assertThat(command(id).state()).isEqualTo("IN_PROGRESS");
        long script = Long.parseLong(read(scriptPid).trim());
        long child = Long.parseLong(read(childPid).trim());

        agent.process().destroyForcibly(); // SIGKILL: no chance to clean up
        await().atMost(PATIENCE).until(() -> !agent.process().isAlive());
        assertThat(alive(script)).isTrue();

        launch(agent.stateDir(), null, "debian", "12", "x86_64", "restart-host");

        AgentCommand done = awaitFinished(id);
        assertThat(done.state()).isEqualTo("FAILED");
        assertThat(done.step()).isEqualTo("agent-restarted");
        assertThat(done.exitCode()).isEqualTo(-1);
        await().atMost(PATIENCE).until(() -> !alive(script) && !alive(child));
        // install.sh had started: whatever it left is unknown, so the package is broken at the attempted version
        // (never skipped as installed), not silently absent.
        assertThat(done.output()).contains("it was changing " + pkg + ", so " + pkg + " is recorded as broken");
        assertThat(agent.stateDir().resolve("packages").resolve(pkg).resolve("broken")).exists();
        await().atMost(PATIENCE).until(() -> installed(agent).equals(List.of(List.of(pkg, "1.0.0"))));
        assertThat(row("select status from installed_package where instance_id = ? and package_name = ?",
                agent.instanceId(), pkg)).containsExactly("BROKEN");
    }

    @Test
    void aFailedReinstall_rollsBackToTheOldVersion_andKeepsItRecordedAsInstalled() {
        Agent agent = start("rollback-host");
        String pkg = Catalog.uniqueName("shroll");
        String v1 = StoredArtifacts.place(linuxZip("1.0.0", false).bytes());
        String broken = StoredArtifacts.place(linuxZip("2.0.0", false)
                .with("install.sh",
                        "#!/bin/sh\n: \"${SSM_TARGET_DIR:?}\"\necho \"install 2.0.0 broken\" >> \"$SSM_TARGET_DIR/log\"\n"
                                + "echo 'disk full' >&2\nexit 7\n")
                .bytes());
        assertThat(awaitFinished(queue(spec(agent, "INSTALL", "REINSTALL", pkg, "1.0.0", v1, null, 60))).state())
                .isEqualTo("SUCCESS");

        AgentCommand failed = awaitFinished(queue(spec(agent, "INSTALL", "REINSTALL", pkg, "2.0.0", broken, "1.0.0",
                60)));

        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.step()).isEqualTo("install");
        assertThat(failed.exitCode()).isEqualTo(7);
        assertThat(failed.output()).contains("disk full").contains("rolling back")
                .contains("=== install.sh (rollback)");
        assertThat(read(agent.target().resolve("log")).lines().toList()).containsExactly(
                "install 1.0.0 INSTALL ubuntu x86_64",
                "uninstall 1.0.0",
                "install 2.0.0 broken",
                "uninstall 2.0.0",
                "install 1.0.0 INSTALL ubuntu x86_64");
        assertThat(read(agent.target().resolve("app")).trim()).isEqualTo("1.0.0");
        await().atMost(PATIENCE).until(() -> installed(agent).equals(List.of(List.of(pkg, "1.0.0"))));
    }

    @Test
    void aZipWithAnEntryOutsideItsDirectory_isRefusedBeforeExtraction() {
        Agent agent = start("zipslip-host");
        String pkg = Catalog.uniqueName("shslip");
        String sha = StoredArtifacts.place(linuxZip("1.0.0", false).with("../../escaped.txt", "gotcha").bytes());

        AgentCommand done = awaitFinished(queue(spec(agent, "INSTALL", "REINSTALL", pkg, "1.0.0", sha, null, 60)));

        assertThat(done.state()).isEqualTo("FAILED");
        assertThat(done.step()).isEqualTo("verify");
        assertThat(done.output()).contains("refusing zip entry '../../escaped.txt': a '..' segment");
        assertThat(agent.stateDir().resolve("escaped.txt")).doesNotExist();
        assertThat(agent.stateDir().resolve("runs/escaped.txt")).doesNotExist();
        assertThat(agent.target().resolve("log")).doesNotExist();
    }

    @Test
    void exit194_isSuccessWithRebootRequired_andChangedArgumentsReinstallTheSameVersion() {
        Agent agent = start("reboot-host");
        String pkg = Catalog.uniqueName("shboot");
        String sha = StoredArtifacts.place(linuxZip("1.0.0", false)
                .with("install.sh", "#!/bin/sh\n: \"${SSM_TARGET_DIR:?}\"\n"
                        + "echo \"install $SSM_MODE\" >> \"$SSM_TARGET_DIR/log\"\nexit 194\n")
                .bytes());
        CommandSpec first = new CommandSpec(agent.instanceId(), "INSTALL", "REINSTALL", pkg, "1.0.0", sha, 1024L, null,
                null, Map.of("SSM_TARGET_DIR", agent.target().toString(), "SSM_MODE", "a b=c"), 60, true, 3600, 540);

        AgentCommand done = awaitFinished(queue(first));

        assertThat(done.state()).isEqualTo("SUCCESS");
        assertThat(done.exitCode()).isEqualTo(194);
        assertThat(done.rebootRequired()).isTrue();
        assertThat(done.output()).contains("[agent] a script asked for a reboot and the command allows it; "
                + "foreground mode: not rebooting");
        await().atMost(PATIENCE).until(() -> read(agent.stateDir().resolve("logs/agent.log"))
                .contains("foreground mode: not rebooting"));

        CommandSpec changed = new CommandSpec(agent.instanceId(), "INSTALL", "REINSTALL", pkg, "1.0.0", sha, 1024L,
                "1.0.0", null, Map.of("SSM_TARGET_DIR", agent.target().toString(), "SSM_MODE", "other"), 60, false,
                3600, 540);
        assertThat(awaitFinished(queue(changed)).state()).isEqualTo("SUCCESS");
        assertThat(read(agent.target().resolve("log")).lines().toList()).containsExactly("install a b=c",
                "uninstall 1.0.0", "install other");
    }

    @Test
    void aCommandTheAgentAlreadyStarted_isNotRunAgain_onlyItsRecordedStatusIsReported() throws IOException {
        // Polls held 1 s instead of 5 s: the wait for the killed agent's held poll below is that much shorter.
        Agent agent = start(activation(10, Map.of("env", "test")), "redelivery-host", "ubuntu", "22.04", "x86_64",
                "--wait", "1");
        String pkg = Catalog.uniqueName("shonce");
        String sha = StoredArtifacts.place(linuxZip("1.0.0", false).bytes());
        // SIGKILL reaches the shell only: its curl, mid-poll, lives on as an orphan until the service answers that
        // poll, and a command queued before then goes to it (the service claims once more as a held poll ends) and
        // comes again only after the 60 s lease. Queue once every process the agent had started has exited.
        List<ProcessHandle> children = agent.process().descendants().toList();
        agent.process().destroyForcibly();
        await().atMost(PATIENCE).until(() -> !agent.process().isAlive()
                && children.stream().noneMatch(ProcessHandle::isAlive));
        UUID id = queue(spec(agent, "INSTALL", "REINSTALL", pkg, "1.0.0", sha, null, 60));
        // As if the agent ran the command, but its report was lost and the lease ended.
        Path record = Files.createDirectories(agent.stateDir().resolve("commands/" + id));
        Files.writeString(record.resolve("status"),
                "STATUS=SUCCESS\nEXIT_CODE=0\nSTEP=install\nREBOOT_REQUIRED=false\n");
        Files.writeString(record.resolve("output"), "ran before\n");

        launch(agent.stateDir(), null, "ubuntu", "22.04", "x86_64", "redelivery-host");

        // Should a held poll still have taken the first delivery, the lease (60 s) redelivers it.
        await().atMost(Duration.ofSeconds(120))
                .until(() -> Set.of("SUCCESS", "FAILED", "TIMED_OUT").contains(command(id).state()));
        AgentCommand done = command(id);
        assertThat(done.state()).isEqualTo("SUCCESS");
        assertThat(done.step()).isEqualTo("install");
        assertThat(done.output()).isEqualTo("ran before\n");
        assertThat(agent.target().resolve("log")).doesNotExist();
    }

    /** The delays of the "backing off Ns" lines of an agent log, in order. */
    private static List<Integer> backoffs(String log) {
        return log.lines().map(BACKING_OFF::matcher).filter(Matcher::find).map(m -> Integer.parseInt(m.group(1)))
                .toList();
    }

    private static final Pattern BACKING_OFF = Pattern.compile("backing off (\\d+)s$");

    @Test
    void anUnreachableService_isRetriedWithGrowingJitteredDelays_neverInATightLoop() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path stateDir = sandbox.resolve("unreachable-state");
        launchAgainst("http://127.0.0.1:" + closedPort, stateDir, activation(1, Map.of()), "ubuntu", "22.04",
                "x86_64", "unreachable-host");
        Path agentLog = stateDir.resolve("logs/agent.log");

        await().atMost(PATIENCE).until(() -> backoffs(read(agentLog)).size() >= 4);

        String log = read(agentLog);
        List<Integer> delays = backoffs(log);
        // Base delay 1 s doubling, each drawn from [base/2, base/2 + base] (about +-50%), at least 1 s.
        for (int i = 0; i < 4; i++) {
            int base = 1 << i;
            assertThat(delays.get(i)).as("delay %d of %s", i, delays).isBetween(Math.max(1, base / 2),
                    base / 2 + base);
        }
        assertThat(delays.get(3)).as("delays grow: %s", delays).isGreaterThan(delays.get(0));
        // One attempt per delay (plus the one whose delay is not logged yet): no retries without a pause.
        long attempts = log.lines().filter(l -> l.endsWith("POST /agent/v1/register failed (status 000)")).count();
        assertThat(attempts).isBetween((long) delays.size(), delays.size() + 1L);
        assertThat(stateDir.resolve("instance_id")).doesNotExist();
    }

    @Test
    void aReinstallWhoseCachedCopyIsGone_downloadsThePreviousVersionAgain_andRunsItsUninstall() throws IOException {
        Agent agent = start("recache-host");
        String pkg = Catalog.uniqueName("shrecache");
        String v1 = StoredArtifacts.place(linuxZip("1.0.0", false).bytes());
        String v2 = StoredArtifacts.place(linuxZip("2.0.0", false).bytes());
        assertThat(awaitFinished(queue(spec(agent, "INSTALL", "REINSTALL", pkg, "1.0.0", v1, null, 60))).state())
                .isEqualTo("SUCCESS");
        Path cache = agent.stateDir().resolve("packages/" + pkg + "/cache");
        assertThat(cache.resolve("uninstall.sh")).exists();
        deleteTree(cache);

        AgentCommand reinstall = awaitFinished(queue(ShellAgents.spec(agent.instanceId(), agent.target(), "INSTALL",
                "REINSTALL", pkg, "2.0.0", v2, "1.0.0", v1, 60)));

        assertThat(reinstall.state()).as(reinstall.output()).isEqualTo("SUCCESS");
        assertThat(reinstall.output()).contains("=== uninstall.sh (uninstall-previous)");
        assertThat(read(agent.target().resolve("log")).lines().toList()).containsExactly(
                "install 1.0.0 INSTALL ubuntu x86_64",
                "uninstall 1.0.0",
                "install 2.0.0 INSTALL ubuntu x86_64");
        await().atMost(PATIENCE).until(() -> installed(agent).equals(List.of(List.of(pkg, "2.0.0"))));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void onlyTheNewestCommandRecords_areKept() {
        Agent agent = start(activation(10, Map.of("env", "test")), "prune-host", "ubuntu", "22.04", "x86_64",
                "--keep-commands", "2");
        String pkg = Catalog.uniqueName("shprune");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // Uninstalling a package that is not installed: a quick SUCCESS that still leaves a record.
            UUID id = queue(spec(agent, "UNINSTALL", "REINSTALL", pkg, "1.0.0", null, null, 60));
            assertThat(awaitFinished(id).state()).isEqualTo("SUCCESS");
            ids.add(id.toString());
        }

        await().atMost(PATIENCE).until(() -> records(agent).equals(Set.copyOf(ids.subList(1, 3))));
        assertThat(agent.stateDir().resolve("runs/" + ids.get(0))).doesNotExist();
    }

    private static Set<String> records(Agent agent) throws IOException {
        try (Stream<Path> dirs = Files.list(agent.stateDir().resolve("commands"))) {
            return dirs.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void limitsThatAreZero_evenWithLeadingZeros_areRefusedAtStart_sinceZeroMeansNoLimitToCurl() throws Exception {
        for (List<String> option : List.of(List.of("--call-timeout", "00"), List.of("--download-speed-limit", "000"),
                List.of("--download-speed-time", "0"), List.of("--call-timeout", ""))) {
            List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString(), "--server", "http://127.0.0.1:9",
                    "--state-dir", sandbox.resolve("limits-state").toString()));
            command.addAll(option);
            Path output = sandbox.resolve("limits.out");
            Process agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            // An accepted limit would start the agent's endless loop: it must have exited at once.
            boolean exited = agent.waitFor(30, TimeUnit.SECONDS);
            agent.destroyForcibly();
            assertThat(exited).as("the agent exited for %s", option).isTrue();
            assertThat(agent.exitValue()).as("exit code for %s", option).isEqualTo(2);
            assertThat(ShellAgents.read(output)).as("output for %s", option).contains(
                    "--call-timeout, --download-speed-limit and --download-speed-time must be positive numbers");
        }
    }

    @Test
    void theAgentScript_passesShellcheckWithNoFindings() throws Exception {
        Process check = new ProcessBuilder("shellcheck", "-s", "sh", SCRIPT.toString()).redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEmpty();
        assertThat(check.exitValue()).isZero();
    }
}
