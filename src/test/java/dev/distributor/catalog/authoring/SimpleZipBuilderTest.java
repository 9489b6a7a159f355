package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distributor.catalog.artifact.ZipContents;
import dev.distributor.catalog.artifact.ZipInspector;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

class SimpleZipBuilderTest {

    @TempDir
    Path temp;

    @Test
    void theSameInputs_giveTheSameBytes_evenWhenTheInstallerWasTouchedAndTheScriptsCameInAnotherOrder()
            throws Exception {
        Path deb = Files.write(temp.resolve("demo_1.0_all.deb"), "deb bytes".repeat(1000).getBytes());
        List<GeneratedScript> scripts = ScriptGenerator.scriptsFor(InstallerKind.DEB, "demo-app", "demo_1.0_all.deb");

        String first = sha256(build(scripts, "demo_1.0_all.deb", deb));
        Files.setLastModifiedTime(deb, FileTime.fromMillis(System.currentTimeMillis() - 86_400_000L));
        List<GeneratedScript> reversed = new ArrayList<>(scripts);
        Collections.reverse(reversed);
        String second = sha256(build(reversed, "demo_1.0_all.deb", deb));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void differentInstallerBytes_giveADifferentZip() throws Exception {
        List<GeneratedScript> scripts = ScriptGenerator.scriptsFor(InstallerKind.DEB, "demo-app", "demo.deb");
        Path one = Files.writeString(Files.createDirectories(temp.resolve("one")).resolve("demo.deb"), "one");
        Path two = Files.writeString(Files.createDirectories(temp.resolve("two")).resolve("demo.deb"), "two");

        assertThat(sha256(build(scripts, "demo.deb", one))).isNotEqualTo(sha256(build(scripts, "demo.deb", two)));
    }

    @Test
    void theZip_passesZipInspector_withTheThreeScriptsAtItsRoot() throws IOException {
        Path zip = writeZip(InstallerKind.DEB, "demo_1.0_all.deb");

        ZipContents contents = new ZipInspector(100, 10 * 1024 * 1024).inspect(zip, "demo-app-1.0-deb.zip");

        assertThat(contents.entryCount()).isEqualTo(4);
        assertThat(contents.rootScripts()).containsExactly("install.sh", "uninstall.sh", "update.sh");
    }

    @Test
    void entries_comeInAFixedOrder_stored_andDated1980() throws IOException {
        Path zip = writeZip(InstallerKind.RPM, "demo-1.0-1.noarch.rpm");

        try (ZipFile file = new ZipFile(zip.toFile())) {
            assertThat(Collections.list(file.entries())).extracting(ZipEntry::getName)
                    .containsExactly("install.sh", "uninstall.sh", "update.sh", "demo-1.0-1.noarch.rpm");
            assertThat(Collections.list(file.entries())).allSatisfy(entry -> {
                assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
                assertThat(entry.getTimeLocal()).isEqualTo(LocalDateTime.of(1980, 1, 1, 0, 0));
            });
            assertThat(new String(file.getInputStream(file.getEntry("demo-1.0-1.noarch.rpm")).readAllBytes()))
                    .isEqualTo("installer of demo-1.0-1.noarch.rpm");
        }
    }

    @Test
    void unzip_restoresMode0755ForScriptsAndExecutables_and0644ForPackageFiles() throws IOException {
        ScriptSandbox sandbox = new ScriptSandbox(temp);
        Path executableZip = writeZip(InstallerKind.LINUX_EXECUTABLE, "demo-cli");
        Path debZip = writeZip(InstallerKind.DEB, "demo.deb");
        Path out = Files.createDirectories(temp.resolve("out"));

        sandbox.mustRun(temp, "unzip", "-q", executableZip.toString(), "-d", out.resolve("exe").toString());
        sandbox.mustRun(temp, "unzip", "-q", debZip.toString(), "-d", out.resolve("deb").toString());

        var executable = PosixFilePermissions.fromString("rwxr-xr-x");
        assertThat(Files.getPosixFilePermissions(out.resolve("exe/install.sh"))).isEqualTo(executable);
        assertThat(Files.getPosixFilePermissions(out.resolve("exe/demo-cli"))).isEqualTo(executable);
        assertThat(Files.getPosixFilePermissions(out.resolve("deb/update.sh"))).isEqualTo(executable);
        assertThat(Files.getPosixFilePermissions(out.resolve("deb/demo.deb")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void anInstallerNamedLikeAScript_isRefused_ratherThanWritingTwoEntriesOfOneName() throws IOException {
        Path installer = Files.writeString(temp.resolve("install.sh"), "#!/bin/sh\n");
        List<GeneratedScript> scripts = ScriptGenerator.scriptsFor(InstallerKind.LINUX_EXECUTABLE, "demo-app",
                "install.sh");

        assertThatThrownBy(() -> build(scripts, "install.sh", installer))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("'install.sh'").contains("Rename the file");
                });
    }

    @Test
    void theZipWrittenForAPlan_isTheOneThePlansManifestDescribes() throws IOException {
        SimplePackagePlan plan = SimplePackagePlan.create("demo-app", "1.0", "demo.deb",
                List.of(new PlatformEntry("ubuntu", "x86_64")));
        Path installer = Files.writeString(temp.resolve("demo.deb"), "deb");
        ByteArrayOutputStream viaPlan = new ByteArrayOutputStream();

        plan.zips().get(0).write(installer, viaPlan);

        assertThat(viaPlan.toByteArray()).isEqualTo(build(plan.zips().get(0).scripts(), "demo.deb", installer));
    }

    private Path writeZip(InstallerKind kind, String installerName) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("input-" + installerName));
        Path installer = Files.writeString(dir.resolve(installerName), "installer of " + installerName);
        Path zip = temp.resolve(installerName + ".zip");
        Files.write(zip, build(ScriptGenerator.scriptsFor(kind, "demo-app", installerName), installerName,
                installer));
        return zip;
    }

    private static byte[] build(List<GeneratedScript> scripts, String name, Path installer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimpleZipBuilder.build(scripts, name, installer, out);
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

}
