package dev.distributor.catalog;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Zips;

/**
 * Every bad input to addPackageVersion and requestArtifactUpload is refused with a catalogued code, a message naming
 * the problem, and nothing stored: no version, no artifact.
 */
@QuarkusTest
class VersionValidationTest {

    private static final String FILE = "app-linux.zip";
    private static final String FILE_PATH = "$.files['app-linux.zip']";

    @Test
    void givenAManifestThatIsNotJson_whenAdded_thenInvalidManifestAndNothingStored() {
        String pkg = Catalog.createPackage("valid");

        JsonPath error = Catalog.addVersionRefused(pkg, "1.0.0", "{ \"schemaVersion\": \"2.0\", ");

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_MANIFEST");
        assertThat(error.getString("message")).contains("not valid JSON");
        assertThat(Catalog.versionNames(pkg)).isEmpty();
    }

    @Test
    void givenAManifestVersionDifferentFromTheVersionName_whenAdded_thenInvalidManifestAtDollarVersion() {
        String pkg = Catalog.createPackage("valid");
        String sha = Catalog.upload(FILE, Zips.linuxPackage(pkg).bytes());

        JsonPath error = Catalog.addVersionRefused(pkg, "1.0.0", Catalog.linuxManifest("1.0.1", FILE, sha));

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_MANIFEST");
        assertThat(error.getString("extensions.jsonPath")).isEqualTo("$.version");
        assertThat(error.getString("message")).contains("1.0.1", "1.0.0");
        assertThat(Catalog.versionNames(pkg)).isEmpty();
        Catalog.addVersion(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha), false);
        assertThat(Catalog.versionNames(pkg)).containsExactly("1.0.0");
    }

    @Test
    void givenAManifestReferencingAFileItDoesNotList_whenAdded_thenInvalidManifestAtTheReference() {
        String pkg = Catalog.createPackage("valid");
        String sha = Catalog.upload(FILE, Zips.linuxPackage(pkg).bytes());
        String manifest = """
                {
                  "schemaVersion": "2.0",
                  "version": "1.0.0",
                  "packages": {
                    "ubuntu": { "_any": { "x86_64": { "file": "app-linux.zip" } } },
                    "amazon": { "2": { "x86_64": { "file": "missing.zip" } } }
                  },
                  "files": { "app-linux.zip": { "checksums": { "sha256": "%s" } } }
                }
                """.formatted(sha);

        JsonPath error = Catalog.addVersionRefused(pkg, "1.0.0", manifest);

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_MANIFEST");
        assertThat(error.getString("extensions.jsonPath")).isEqualTo("$.packages.amazon['2'].x86_64.file");
        assertThat(error.getString("message")).contains("missing.zip");
        assertThat(Catalog.versionNames(pkg)).isEmpty();
    }

    @Test
    void givenAChecksumThatIsNotASha256_whenAdded_thenInvalidManifestAtTheChecksum() {
        String pkg = Catalog.createPackage("valid");

        JsonPath error = Catalog.addVersionRefused(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, "abc123"));

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_MANIFEST");
        assertThat(error.getString("extensions.jsonPath")).isEqualTo(FILE_PATH + ".checksums.sha256");
        assertThat(Catalog.versionNames(pkg)).isEmpty();
    }

    @Test
    void givenAListedFileNeverUploaded_whenAdded_thenArtifactNotUploaded_andAfterUploadingItWorks() {
        String pkg = Catalog.createPackage("valid");
        byte[] zip = Zips.linuxPackage(pkg).bytes();
        String manifest = Catalog.linuxManifest("1.0.0", "x.zip", Zips.sha256(zip));

        JsonPath error = Catalog.addVersionRefused(pkg, "1.0.0", manifest);

        assertThat(error.getString("extensions.code")).isEqualTo("ARTIFACT_NOT_UPLOADED");
        assertThat(error.getString("extensions.jsonPath")).isEqualTo("$.files['x.zip']");
        assertThat(error.getString("message")).contains("x.zip", "requestArtifactUpload");
        assertThat(Catalog.versionNames(pkg)).isEmpty();
        Catalog.upload("x.zip", zip);
        assertThat(Catalog.addVersion(pkg, "1.0.0", manifest, false).getString("state")).isEqualTo("DRAFT");
    }

    @Test
    void givenBytesThatDoNotMatchTheirSha256_whenAdded_thenChecksumMismatch_andTheRightBytesCanThenBeUsed() {
        String pkg = Catalog.createPackage("valid");
        byte[] right = Zips.linuxPackage(pkg + "-right").bytes();
        byte[] wrong = Zips.linuxPackage(pkg + "-wrong").bytes();
        String sha = Zips.sha256(right);
        Catalog.uploadAs(FILE, wrong, sha);
        String manifest = Catalog.linuxManifest("1.0.0", FILE, sha);

        JsonPath error = Catalog.addVersionRefused(pkg, "1.0.0", manifest);

        assertThat(error.getString("extensions.code")).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(error.getString("extensions.jsonPath")).isEqualTo(FILE_PATH);
        assertThat(error.getString("message")).contains(sha, Zips.sha256(wrong));
        assertThat(Catalog.versionNames(pkg)).isEmpty();
        assertThat(Catalog.uploadAs(FILE, right, sha).getBoolean("alreadyStored")).isFalse();
        assertThat(Catalog.addVersion(pkg, "1.0.0", manifest, false).getString("state")).isEqualTo("DRAFT");
    }

    @Test
    void givenAZipWithAnEntryClimbingOutOfItsRoot_whenAdded_thenInvalidZipAndNothingStored() {
        String pkg = Catalog.createPackage("valid");
        byte[] zip = Zips.linuxPackage(pkg).with("../evil.sh", "rm -rf /").bytes();

        JsonPath error = addRefused(pkg, zip);

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_ZIP");
        assertThat(error.getString("extensions.jsonPath")).isEqualTo(FILE_PATH);
        assertThat(error.getString("message")).contains("../evil.sh");
        assertNothingStored(pkg, zip);
        Catalog.addLinuxVersion(pkg, "1.0.0", false);
        assertThat(Catalog.versionNames(pkg)).containsExactly("1.0.0");
    }

    @Test
    void givenAZipWithAnAbsoluteEntry_whenAdded_thenInvalidZipAndNothingStored() {
        String pkg = Catalog.createPackage("valid");
        byte[] zip = Zips.linuxPackage(pkg).with("/etc/x", "owned").bytes();

        JsonPath error = addRefused(pkg, zip);

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_ZIP");
        assertThat(error.getString("message")).contains("/etc/x");
        assertNothingStored(pkg, zip);
    }

    @Test
    void givenAZipHoldingASymlink_whenAddedThroughThePresignedFlow_thenInvalidZipNamingTheEntryAndNoVersion()
            throws IOException {
        String pkg = Catalog.createPackage("valid");
        byte[] zip = linuxZipWithSymlink(pkg, "lib/etc", "/etc");

        JsonPath error = addRefused(pkg, zip);

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_ZIP");
        assertThat(error.getString("extensions.entry")).isEqualTo("lib/etc");
        assertThat(error.getString("extensions.jsonPath")).isEqualTo(FILE_PATH);
        assertThat(error.getString("message")).contains("symbolic link");
        assertNothingStored(pkg, zip);
    }

    @Test
    void givenAFileThatIsNotAZip_whenAdded_thenInvalidZipAndNothingStored() {
        String pkg = Catalog.createPackage("valid");
        byte[] notAZip = ("#!/bin/sh\necho this is a shell script, not a zip " + pkg + "\n")
                .getBytes(StandardCharsets.UTF_8);

        JsonPath error = addRefused(pkg, notAZip);

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_ZIP");
        assertThat(error.getString("message")).contains(FILE);
        assertNothingStored(pkg, notAZip);
    }

    @Test
    void givenAZipWithoutInstallSh_whenAddedForLinux_thenMissingScriptAndNothingStored() {
        String pkg = Catalog.createPackage("valid");
        byte[] zip = Zips.linuxPackage(pkg).without("install.sh").bytes();

        JsonPath error = addRefused(pkg, zip);

        assertThat(error.getString("extensions.code")).isEqualTo("MISSING_SCRIPT");
        assertThat(error.getString("extensions.jsonPath")).isEqualTo(FILE_PATH);
        assertThat(error.getString("message")).contains("install.sh");
        assertNothingStored(pkg, zip);
    }

    @Test
    void givenAZipWithOnlyShellScripts_whenUsedForWindows_thenMissingScriptAndNothingStored() {
        String pkg = Catalog.createPackage("valid");
        byte[] zip = Zips.linuxPackage(pkg).bytes();
        String sha = Catalog.upload("app.zip", zip);
        String manifest = """
                {
                  "schemaVersion": "2.0",
                  "version": "1.0.0",
                  "packages": { "windows": { "_any": { "x86_64": { "file": "app.zip" } } } },
                  "files": { "app.zip": { "checksums": { "sha256": "%s" } } }
                }
                """.formatted(sha);

        JsonPath error = Catalog.addVersionRefused(pkg, "1.0.0", manifest);

        assertThat(error.getString("extensions.code")).isEqualTo("MISSING_SCRIPT");
        assertThat(error.getString("extensions.jsonPath")).isEqualTo("$.files['app.zip']");
        assertThat(error.getString("message")).contains("windows", "install.ps1");
        assertNothingStored(pkg, zip);
    }

    @Test
    void givenVersionNamesOutsideThePattern_whenAdded_thenInvalidNameAndNothingStored() {
        String pkg = Catalog.createPackage("valid");
        String sha = Catalog.upload(FILE, Zips.linuxPackage(pkg).bytes());

        for (String bad : List.of("1.0 beta", "v".repeat(129), "1/0", "")) {
            JsonPath error = Catalog.addVersionRefused(pkg, bad, Catalog.linuxManifest(bad, FILE, sha));
            assertThat(error.getString("extensions.code")).as(bad).isEqualTo("INVALID_NAME");
            assertThat(error.getString("extensions.field")).as(bad).isEqualTo("version");
        }
        assertThat(Catalog.versionNames(pkg)).isEmpty();
    }

    @Test
    void givenAnUploadRequestWithABadSha256_thenInvalidInputOnSha256() {
        for (String bad : List.of("abc", "g".repeat(64), "a".repeat(63), "a".repeat(65))) {
            JsonPath error = requestUploadRefused("app.zip", 100, bad);
            assertThat(error.getString("extensions.code")).as(bad).isEqualTo("INVALID_INPUT");
            assertThat(error.getString("extensions.field")).as(bad).isEqualTo("sha256");
        }
    }

    @Test
    void givenAnUploadRequestForAnEmptyFile_thenInvalidInputOnSize() {
        JsonPath error = requestUploadRefused("app.zip", 0, "a".repeat(64));

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_INPUT");
        assertThat(error.getString("extensions.field")).isEqualTo("size");
    }

    @Test
    void givenAnUploadRequestWithABadFileName_thenInvalidNameOnFileName() {
        for (String bad : List.of("../app.zip", "dir/app.zip", "app file.zip", "..", "")) {
            JsonPath error = requestUploadRefused(bad, 100, "a".repeat(64));
            assertThat(error.getString("extensions.code")).as(bad).isEqualTo("INVALID_NAME");
            assertThat(error.getString("extensions.field")).as(bad).isEqualTo("fileName");
        }
    }

    /** Uploads the bytes as the package's only Linux file and adds version 1.0.0, expecting a refusal. */
    /** A package zip written by Commons Compress with one Unix symlink entry, as {@code zip --symlinks} makes. */
    private static byte[] linuxZipWithSymlink(String pkg, String link, String target) throws IOException {
        var buffer = new ByteArrayOutputStream();
        try (var zip = new ZipArchiveOutputStream(buffer)) {
            for (var file : Map.of("install.sh", "#!/bin/sh\n", "uninstall.sh", "#!/bin/sh\n# " + pkg + "\n")
                    .entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
            var entry = new ZipArchiveEntry(link);
            entry.setUnixMode(0120777);
            zip.putArchiveEntry(entry);
            zip.write(target.getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        return buffer.toByteArray();
    }

    private static JsonPath addRefused(String pkg, byte[] bytes) {
        String sha = Catalog.upload(FILE, bytes);
        return Catalog.addVersionRefused(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha));
    }

    private static void assertNothingStored(String pkg, byte[] refusedBytes) {
        assertThat(Catalog.versionNames(pkg)).as("versions of " + pkg).isEmpty();
        assertThat(Catalog.alreadyStored(refusedBytes)).as("refused bytes recorded as an artifact").isFalse();
    }

    private static JsonPath requestUploadRefused(String fileName, long size, String sha256) {
        return GraphQL.error(Catalog.REQUEST_UPLOAD,
                vars("input", Map.of("fileName", fileName, "size", size, "sha256", sha256)));
    }
}
