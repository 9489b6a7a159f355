package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated scripts for a .tar.gz, run for real in a sandbox root, with archives built by GNU tar. */
class TarballScriptsRunTest {

    private static final String PACKAGE = "hello-tarball";

    @TempDir
    Path temp;

    private ScriptSandbox sandbox;

    @BeforeEach
    void sandbox() throws IOException {
        sandbox = new ScriptSandbox(temp);
    }

    @Test
    void install_unpacksIntoOpt_ownedByTheInstallingUserNotTheArchivesOwner() throws IOException {
        Path archive = tarball("app-1.0.tar.gz", "v1", "old-only.txt");
        // What GNU tar builds passes Simple creation's signature check.
        InstallerSignature.verify(InstallerKind.TARBALL, archive, "app-1.0.tar.gz");
        Path work = sandbox.unpack(plan("app-1.0.tar.gz"), archive);

        var install = sandbox.script(work, "install.sh");

        assertThat(install.exitCode()).as(install.output()).isZero();
        Path dest = sandbox.root().resolve("opt/" + PACKAGE);
        assertThat(dest.resolve("share/version.txt")).hasContent("v1");
        assertThat(dest.resolve("old-only.txt")).exists();
        assertThat(sandbox.exec(temp, Map.of(), dest.resolve("bin/app").toString()).stdout()).isEqualTo("app v1\n");
        // The archive records uid 4321; as root, tar would restore that owner without --no-same-owner.
        assertThat(Files.getAttribute(dest.resolve("bin/app"), "unix:uid"))
                .isEqualTo(Files.getAttribute(temp, "unix:uid"));
    }

    @Test
    void update_swapsInTheNewTree_soFilesTheNewVersionDropsAreGone_andNothingIsLeftBeside() throws IOException {
        Path work1 = sandbox.unpack(plan("app-1.0.tar.gz"), tarball("app-1.0.tar.gz", "v1", "old-only.txt"));
        Path work2 = sandbox.unpack(plan("app-2.0.tgz"), tarball("app-2.0.tgz", "v2", "new-only.txt"));
        assertThat(sandbox.script(work1, "install.sh").exitCode()).isZero();

        var update = sandbox.script(work2, "update.sh");

        assertThat(update.exitCode()).as(update.output()).isZero();
        Path dest = sandbox.root().resolve("opt/" + PACKAGE);
        assertThat(dest.resolve("share/version.txt")).hasContent("v2");
        assertThat(dest.resolve("new-only.txt")).exists();
        assertThat(dest.resolve("old-only.txt")).doesNotExist();
        try (var opt = Files.list(sandbox.root().resolve("opt"))) {
            assertThat(opt).as("no staging or previous tree left").containsExactly(dest);
        }
    }

    @Test
    void uninstall_removesTheOptFolder_andASecondUninstallSucceeds() throws IOException {
        Path work = sandbox.unpack(plan("app-1.0.tar.gz"), tarball("app-1.0.tar.gz", "v1", "old-only.txt"));
        assertThat(sandbox.script(work, "install.sh").exitCode()).isZero();

        var uninstall = sandbox.script(work, "uninstall.sh");

        assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
        assertThat(sandbox.root().resolve("opt/" + PACKAGE)).doesNotExist();
        assertThat(sandbox.script(work, "uninstall.sh").exitCode()).isZero();
    }

    @Test
    void anArchiveWithDotDotMembers_isRefusedBeforeAnythingIsUnpacked() throws IOException {
        Path inner = Files.createDirectories(temp.resolve("evil/inner"));
        ScriptSandbox.write(temp.resolve("evil/escape.txt"), "escaped");
        Path archive = temp.resolve("evil/inner/evil.tar.gz");
        // -P keeps the '..' that tar would otherwise strip when creating.
        sandbox.mustRun(inner, "tar", "-czPf", archive.toString(), "../escape.txt");
        Path work = sandbox.unpack(plan("evil.tar.gz"), archive);

        for (String script : List.of("install.sh", "update.sh")) {
            var result = sandbox.script(work, script);

            assertThat(result.exitCode()).as(script).isNotZero();
            assertThat(result.stderr()).as(script).contains("Refusing evil.tar.gz").contains("../escape.txt");
        }
        assertThat(sandbox.root().resolve("opt")).doesNotExist();
    }

    @Test
    void anArchiveWithAbsoluteMembers_isRefusedBeforeAnythingIsUnpacked() throws IOException {
        Path absolute = ScriptSandbox.write(temp.resolve("abs/etc-evil.conf"), "escaped");
        Path archive = temp.resolve("abs.tar.gz");
        sandbox.mustRun(temp, "tar", "-czPf", archive.toString(), absolute.toString());
        Path work = sandbox.unpack(plan("abs.tar.gz"), archive);

        var install = sandbox.script(work, "install.sh");

        assertThat(install.exitCode()).isNotZero();
        assertThat(install.stderr()).contains(absolute.toString());
        assertThat(sandbox.root().resolve("opt")).doesNotExist();
    }

    @Test
    void aFileThatIsNotAGzipTar_failsTheInstall_withAMessageOnStderr() throws IOException {
        Path work = sandbox.unpack(plan("broken.tgz"), ScriptSandbox.write(temp.resolve("broken.tgz"), "nope"));

        var install = sandbox.script(work, "install.sh");

        assertThat(install.exitCode()).isNotZero();
        assertThat(install.stderr()).contains("Cannot list broken.tgz");
    }

    private SimplePackagePlan plan(String file) {
        return SimplePackagePlan.create(PACKAGE, "1.0", file,
                List.of(new PlatformEntry("ubuntu", "x86_64"), new PlatformEntry("amazon", "2", "arm64")));
    }

    /** A tree with bin/app, share/version.txt and one marker file, archived with a foreign owner. */
    private Path tarball(String name, String version, String marker) throws IOException {
        Path tree = temp.resolve("tree-" + name);
        Path app = ScriptSandbox.write(tree.resolve("bin/app"), "#!/bin/sh\necho 'app " + version + "'\n");
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-xr-x"));
        ScriptSandbox.write(tree.resolve("share/version.txt"), version);
        ScriptSandbox.write(tree.resolve(marker), marker);
        Path archive = temp.resolve(name);
        sandbox.mustRun(tree, "tar", "--owner=4321", "--group=4321", "-czf", archive.toString(), ".");
        return archive;
    }
}
