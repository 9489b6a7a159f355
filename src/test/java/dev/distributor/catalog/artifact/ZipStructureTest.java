package dev.distributor.catalog.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.distributor.catalog.authoring.GeneratedScript;
import dev.distributor.catalog.authoring.SimpleZipBuilder;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.testing.RawZip;
import dev.distributor.testing.Zips;

/**
 * What a package zip may look like: each test crafts one structural trick byte by byte ({@link RawZip}) and expects
 * {@code INVALID_ZIP} naming the entry, and the zips real tools and the service itself write pass.
 */
class ZipStructureTest {

    @TempDir
    Path dir;

    private final ZipInspector inspector = new ZipInspector(100, 1024 * 1024);

    // --- what must pass -------------------------------------------------------------------------------------------

    @Test
    void aCraftedZipWithoutTricksPasses_storedDeflatedAndWithADataDescriptor() throws IOException {
        var zip = new RawZip();
        zip.add("install.sh", "#!/bin/sh\necho hi\n").unixMode(0100755);
        zip.add("bin/", "").unixMode(040755);
        zip.add("bin/tool", "tool ".repeat(100)).deflated();
        zip.add("uninstall.sh", "#!/bin/sh\n").deflated().withDataDescriptor();

        ZipContents contents = inspector.inspect(write(zip), "clean.zip");

        assertThat(contents.entryCount()).isEqualTo(4);
        assertThat(contents.rootScripts()).containsExactly("install.sh", "uninstall.sh");
        assertThat(contents.expandedSize()).isEqualTo(18 + 500 + 10);
    }

    @Test
    void aZipBuiltTheDocumentedWayWithInfoZipPasses() throws Exception {
        assumeTrue(hasCommand("zip"), "Info-ZIP zip is not installed");
        Path folder = Files.createDirectories(dir.resolve("pkg/lib"));
        Files.writeString(folder.getParent().resolve("install.sh"), "#!/bin/sh\n");
        Files.writeString(folder.resolve("data.txt"), "data\n");

        Path zip = run(folder.getParent(), "zip", "-q", "-r", "../pkg.zip", ".").resolve("../pkg.zip").normalize();

        assertThat(inspector.inspect(zip, "pkg.zip").rootScripts()).containsExactly("install.sh");
    }

    @Test
    void zipsTheServiceWritesItselfPass_simpleCreationAndJavaZipOutputStream() throws IOException {
        Path installer = Files.writeString(dir.resolve("tool.deb"), "!<arch>\ndebian-binary");
        var simple = new ByteArrayOutputStream();
        SimpleZipBuilder.build(List.of(new GeneratedScript("install.sh", "#!/bin/sh\n"),
                new GeneratedScript("uninstall.sh", "#!/bin/sh\n")), "tool.deb", installer, simple);
        Path simpleZip = Files.write(dir.resolve("simple.zip"), simple.toByteArray());
        Path javaZip = Files.write(dir.resolve("java.zip"),
                Zips.linuxPackage("x").with("lib/a.txt", "a").with("lib/b.txt", new byte[5000]).bytes());

        assertThat(inspector.inspect(simpleZip, "simple.zip").rootScripts())
                .containsExactly("install.sh", "uninstall.sh");
        assertThat(inspector.inspect(javaZip, "java.zip").entryCount()).isEqualTo(5);
    }

    @Test
    void aRootScriptCountsOnlyWhenItIsARegularFile() throws IOException {
        var zip = new RawZip();
        zip.add("install.sh/", "").unixMode(040755);
        zip.add("uninstall.sh", "#!/bin/sh\n");

        assertThat(inspector.inspect(write(zip), "pkg.zip").rootScripts()).containsExactly("uninstall.sh");
    }

    // --- links ----------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../../../../etc", "payload.txt"})
    void aSymlinkIsRefusedWhateverItsTarget(String target) throws IOException {
        var zip = new RawZip();
        zip.add("install.sh", "#!/bin/sh\n");
        zip.add("payload.txt", "data");
        zip.add("lib/up", target).symlink();

        assertRefused(zip, "lib/up").hasMessageContaining("symbolic link");
    }

    @Test
    void anInstallScriptThatIsASymlinkIsRefused() throws IOException {
        var zip = new RawZip();
        zip.add("install.sh", "/tmp/evil.sh").symlink();

        assertRefused(zip, "install.sh").hasMessageContaining("symbolic link");
    }

    @Test
    void aSymlinkMadeByInfoZipIsRefused() throws Exception {
        assumeTrue(hasCommand("zip"), "Info-ZIP zip is not installed");
        Path folder = Files.createDirectories(dir.resolve("pkg"));
        Files.writeString(folder.resolve("install.sh"), "#!/bin/sh\n");
        Files.createSymbolicLink(folder.resolve("etc"), Path.of("/etc"));

        run(folder, "zip", "-q", "--symlinks", "-r", "../links.zip", ".");

        assertThatThrownBy(() -> inspector.inspect(dir.resolve("links.zip"), "links.zip"))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ZIP);
                    assertThat(e.details()).containsEntry("entry", "etc").containsEntry("field", "links.zip");
                });
    }

    @Test
    void aSpecialFileIsRefused() throws IOException {
        var zip = new RawZip();
        zip.add("fifo", "").unixMode(010644);

        assertRefused(zip, "fifo").hasMessageContaining("special file");
    }

    // --- names ----------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/etc/cron.d/x", "C:/Windows/evil.dll", "c:evil", "../x", "a/../../b", "a/..",
            "./install.sh",
            "a/./b", "a//b", "a\\b", "..\\..\\b", "a\u0000b", "a\u001Bb", "a\u007Fb", "a\u202Egnp.exe", ""})
    void aNameThatIsNotACanonicalRelativePathIsRefused(String name) throws IOException {
        var zip = new RawZip();
        zip.add("install.sh", "#!/bin/sh\n");
        zip.add(name, "boom");

        assertRefused(zip, ZipInspector.printable(name)).hasMessageContaining("cd dir && zip -r ../pkg.zip .");
    }

    @Test
    void aNameThatIsNotUtf8IsRefused() throws IOException {
        var zip = new RawZip();
        zip.add("a\u00C3", "x");
        byte[] bytes = zip.bytes();
        // "aÃ" is 61 C3 83 in UTF-8; both copies of the name become 61 C3 62: a lead byte without its follower.
        replaceAll(bytes, new byte[]{'a', (byte) 0xC3, (byte) 0x83}, new byte[]{'a', (byte) 0xC3, 'b'});
        Path file = Files.write(dir.resolve("latin.zip"), bytes);

        assertThatThrownBy(() -> inspector.inspect(file, "latin.zip"))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ZIP);
                    assertThat(e.getMessage()).contains("not valid UTF-8");
                });
    }

    @Test
    void aUnicodePathExtraFieldNamingAnotherPathIsRefused() throws IOException {
        var zip = new RawZip();
        zip.add("notes.txt", "evil").unicodePath("../../etc/cron.d/x");
        var agreeing = new RawZip();
        agreeing.add("notes.txt", "fine").unicodePath("notes.txt");

        assertRefused(zip, "notes.txt").hasMessageContaining("second name, '../../etc/cron.d/x'");
        assertThat(inspector.inspect(write(agreeing), "pkg.zip").entryCount()).isEqualTo(1);
    }

    @Test
    void twoEntriesWithTheSameNameAreRefused() throws IOException {
        var zip = new RawZip();
        zip.add("install.sh", "#!/bin/sh\necho harmless\n");
        zip.add("install.sh", "#!/bin/sh\nrm -rf /\n");

        assertRefused(zip, "install.sh").hasMessageContaining("twice");
    }

    @Test
    void namesThatDifferOnlyInCaseOrNormalisationAreRefused() throws IOException {
        var caseOnly = new RawZip();
        caseOnly.add("lib/Tool.dll", "a");
        caseOnly.add("LIB/tool.dll", "b");
        var normalisation = new RawZip();
        normalisation.add("caf\u00E9.txt", "composed");
        normalisation.add("cafe\u0301.txt", "decomposed");

        assertRefused(caseOnly, "LIB/tool.dll").hasMessageContaining("one path on Windows and macOS");
        assertRefused(normalisation, "cafe\u0301.txt").hasMessageContaining("one path on Windows and macOS");
    }

    @Test
    void aNameThatIsBothAFileAndAFolderIsRefused() throws IOException {
        var zip = new RawZip();
        zip.add("lnk", "a file");
        zip.add("lnk/cron.d/x", "written through");

        assertRefused(zip, "lnk/cron.d/x").hasMessageContaining("also holds as a file");
    }

    // --- central directory against local headers ----------------------------------------------------------------

    @Test
    void aLocalHeaderNameDifferingFromTheCentralOneIsRefused() throws IOException {
        var zip = new RawZip();
        zip.add("install.sh", "#!/bin/sh\n");
        zip.add("tools/x.sh", "evil").localName("../../../tmp/x.sh");

        assertRefused(zip, "tools/x.sh").hasMessageContaining("'../../../tmp/x.sh' in its local header");
    }

    @Test
    void twoCentralEntriesSharingOneLocalHeaderAreRefused() throws IOException {
        var zip = new RawZip();
        RawZip.Entry payload = zip.add("payload.txt", "data");
        zip.add("payload2.txt", "data").sharingLocalHeaderOf(payload);

        assertRefused(zip, "payload2.txt").hasMessageContaining("shares its local header")
                .hasMessageContaining("'payload.txt'");
    }

    @Test
    void entriesWhoseLocalDataOverlapAreRefused() throws IOException {
        var zip = new RawZip();
        zip.add("a.txt", "0123456789").central().compressedSize(40).size(40);
        zip.add("b.txt", "b");

        assertRefused(zip, "b.txt").hasMessageContaining("must not overlap");
    }

    @Test
    void bytesBetweenEntriesThatNoEntryOwnsAreRefused() throws IOException {
        var zip = new RawZip();
        zip.add("a.txt", "abc-hidden").central().compressedSize(3).size(3);
        zip.add("b.txt", "b");

        assertRefused(zip, "b.txt").hasMessageContaining("may hide another entry");
    }

    // --- declared sizes and checksums ---------------------------------------------------------------------------

    @Test
    void aCentralSizeDifferingFromTheInflatedBytesIsRefused() throws IOException {
        var zip = new RawZip();
        zip.add("data.bin", "x".repeat(1000)).deflated().central().size(10);

        assertRefused(zip, "data.bin").hasMessageContaining("declares 10 bytes in the central directory")
                .hasMessageContaining("inflates to 1000");
    }

    @Test
    void aLocalSizeDifferingFromTheInflatedBytesIsRefused() throws IOException {
        var zip = new RawZip();
        zip.add("data.bin", "x".repeat(1000)).deflated().local().size(10);

        assertRefused(zip, "data.bin").hasMessageContaining("declares 10 bytes in its local header");
    }

    @Test
    void aDataDescriptorSizeDifferingFromTheInflatedBytesIsRefused() throws IOException {
        var zip = new RawZip();
        zip.add("data.bin", "x".repeat(1000)).deflated().withDataDescriptor().local().size(10);

        assertRefused(zip, "data.bin").hasMessageContaining("declares 10 bytes in its data descriptor");
    }

    @Test
    void compressedBytesAfterTheEndOfTheDeflateStreamAreRefused() throws IOException {
        var zip = new RawZip();
        zip.add("data.bin", "x".repeat(1000)).deflated().trailingData("PK hidden".getBytes());

        assertRefused(zip, "data.bin").hasMessageContaining("compressed data takes");
    }

    @Test
    void bytesAfterTheEndOfCentralDirectoryAreRefused_whileACommentIsAccepted() throws IOException {
        var zip = new RawZip();
        zip.add("install.sh", "#!/bin/sh\n");
        byte[] valid = zip.bytes();
        byte[] appended = Arrays.copyOf(valid, valid.length + 100);
        Path file = Files.write(dir.resolve("appended.zip"), appended);
        byte[] commented = Arrays.copyOf(valid, valid.length + 5);
        commented[valid.length - 2] = 5;
        System.arraycopy("notes".getBytes(StandardCharsets.US_ASCII), 0, commented, valid.length, 5);

        assertThatThrownBy(() -> inspector.inspect(file, "appended.zip"))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ZIP);
                    assertThat(e.getMessage()).contains("100 bytes after the end of its central directory");
                });
        assertThat(inspector.inspect(Files.write(dir.resolve("commented.zip"), commented), "commented.zip")
                .rootScripts()).containsExactly("install.sh");
    }

    @Test
    void aDeflateStreamCutShortIsRefused() throws IOException {
        var zip = new RawZip();
        zip.add("data.bin", "0123456789abcdef".repeat(500)).deflated().truncatedData(20);

        assertRefused(zip, "data.bin");
    }

    @Test
    void aCrcThatDoesNotMatchIsRefused() throws IOException {
        var zip = new RawZip();
        zip.add("install.sh", "#!/bin/sh\n").crc(0x12345678L);

        assertRefused(zip, "install.sh").hasMessageContaining("CRC-32 12345678");
    }

    @Test
    void headersThatUnderstateTheSizeDoNotHideABomb() throws IOException {
        var zip = new RawZip();
        zip.addZeros("zeros.bin", 2 * 1024 * 1024).size(10);

        assertThatThrownBy(() -> inspector.inspect(write(zip), "bomb.zip"))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZIP_TOO_LARGE));
    }

    // --- encryption and methods ---------------------------------------------------------------------------------

    @Test
    void anEncryptedEntryIsRefused_traditionalOrStrong() throws IOException {
        var traditional = new RawZip();
        traditional.add("secret.bin", "xxxxxxxxxxxx").flags(RawZip.FLAG_ENCRYPTED);
        var strong = new RawZip();
        strong.add("secret.bin", "xxxxxxxxxxxx").flags(RawZip.FLAG_ENCRYPTED | RawZip.FLAG_STRONG_ENCRYPTION);

        assertRefused(traditional, "secret.bin").hasMessageContaining("encrypted");
        assertRefused(strong, "secret.bin").hasMessageContaining("strong encryption");
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 14, 93, 99, 1})
    void aCompressionMethodOtherThanStoredOrDeflatedIsRefused(int method) throws IOException {
        var zip = new RawZip();
        zip.add("data.bin", "xxxx").method(method);

        assertRefused(zip, "data.bin").hasMessageContaining("method " + method);
    }

    @Test
    void theMethodIsNamedWhenKnown() throws IOException {
        var zip = new RawZip();
        zip.add("data.bin", "xxxx").method(12);

        assertRefused(zip, "data.bin").hasMessageContaining("BZIP2");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(RawZip zip, String entry)
            throws IOException {
        Path file = write(zip);
        return assertThatThrownBy(() -> inspector.inspect(file, "pkg.zip"))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.INVALID_ZIP);
                    assertThat(e.details()).as(e.getMessage())
                            .containsEntry("entry", entry)
                            .containsEntry("field", "pkg.zip");
                    assertThat(e.getMessage()).contains("'" + entry + "'");
                });
    }

    private Path write(RawZip zip) throws IOException {
        return Files.write(Files.createTempFile(dir, "raw", ".zip"), zip.bytes());
    }

    private static void replaceAll(byte[] bytes, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
    }

    private static boolean hasCommand(String command) {
        return Files.isExecutable(Path.of("/usr/bin", command)) || Files.isExecutable(Path.of("/bin", command));
    }

    private static Path run(Path workDir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).inheritIO().start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return workDir;
    }
}
