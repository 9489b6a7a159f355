package dev.distributor.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.distributor.catalog.artifact.ArtifactConfig;
import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.catalog.artifact.StagingSweeper;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.testing.Agents;
import dev.distributor.testing.BucketObjects;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Zips;

/**
 * Uploads land under {@code staging/}; only bytes a version verified move to {@code artifacts/}, and a refused upload
 * leaves no object in the bucket. Each test compares the bucket's whole key list before and after.
 */
@QuarkusTest
class ArtifactStagingTest {

    private static final String FILE = "app-linux.zip";

    @Test
    void givenAPresignedUpload_whenThePutIsDone_thenTheBytesAreUnderStagingOnly() {
        byte[] zip = Zips.linuxPackage(Catalog.uniqueName("staged")).bytes();
        List<String> before = BucketObjects.keys();

        String sha = Catalog.upload(FILE, zip);

        assertThat(BucketObjects.keys()).isEqualTo(plus(before, "staging/sha256/" + sha));
    }

    @Test
    void givenAStagedUpload_whenAVersionNamingItIsAdded_thenItMovesToArtifactsAndStagingHoldsNothingOfIt() {
        String pkg = Catalog.createPackage("staging");
        byte[] zip = Zips.linuxPackage(pkg).bytes();
        String sha = Catalog.upload(FILE, zip);
        List<String> uploaded = BucketObjects.keys();

        Catalog.addVersion(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha), false);

        List<String> expected = plus(uploaded, "artifacts/sha256/" + sha);
        expected.remove("staging/sha256/" + sha);
        assertThat(BucketObjects.keys()).isEqualTo(expected);
        assertThat(Catalog.alreadyStored(zip)).isTrue();
    }

    @Test
    void givenBytesThatDoNotMatchTheClaimedChecksum_whenAVersionNamesThem_thenChecksumMismatchAndTheBucketIsAsBefore() {
        String pkg = Catalog.createPackage("staging");
        byte[] zip = Zips.linuxPackage(pkg).bytes();
        String claimed = Zips.sha256(Zips.linuxPackage(pkg + "-other").bytes());
        List<String> before = BucketObjects.keys();
        Catalog.uploadAs(FILE, zip, claimed);

        JsonPath error = Catalog.addVersionRefused(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, claimed));

        assertThat(error.getString("extensions.code")).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(BucketObjects.keys()).isEqualTo(before);
    }

    @Test
    void givenAFileThatIsNotAZip_whenAVersionNamesIt_thenInvalidZipAndTheBucketIsAsBefore() {
        String pkg = Catalog.createPackage("staging");
        byte[] notAZip = ("#!/bin/sh\necho not a zip " + pkg + "\n").getBytes(StandardCharsets.UTF_8);

        assertRefusedLeavingBucketAsBefore(pkg, "1.0.0", notAZip, "INVALID_ZIP");
    }

    @Test
    void givenAZipWithoutInstallSh_whenAVersionNamesItForLinux_thenMissingScriptAndTheBucketIsAsBefore() {
        String pkg = Catalog.createPackage("staging");
        byte[] zip = Zips.linuxPackage(pkg).without("install.sh").bytes();

        assertRefusedLeavingBucketAsBefore(pkg, "1.0.0", zip, "MISSING_SCRIPT");
    }

    @Test
    void givenAVersionThatExists_whenANewZipIsUploadedForIt_thenVersionExistsAndTheBucketIsAsBefore() {
        String pkg = Catalog.createPackage("staging");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);
        byte[] zip = Zips.linuxPackage(pkg + "-again").bytes();

        assertRefusedLeavingBucketAsBefore(pkg, "1.0.0", zip, "VERSION_EXISTS");
    }

    @Test
    void givenAMultipartPostWhoseZipLacksInstallSh_whenRefused_thenTheBucketIsAsBefore() {
        String pkg = Catalog.createPackage("staging-rest");
        byte[] zip = Zips.linuxPackage(pkg).without("install.sh").bytes();
        List<String> before = BucketObjects.keys();

        JsonPath error = given().contentType("multipart/form-data")
                .multiPart("manifest", Catalog.linuxManifest("1.0.0", FILE, Zips.sha256(zip)))
                .multiPart("file", FILE, zip, "application/zip")
                .when().post("/api/packages/{name}/versions", pkg)
                .then().statusCode(400)
                .extract().jsonPath();

        assertThat(error.getString("code")).isEqualTo("MISSING_SCRIPT");
        assertThat(BucketObjects.keys()).isEqualTo(before);
    }

    @Test
    void givenASimpleCreationForAVersionThatExists_whenRefused_thenNeitherItsInstallerNorItsZipsAreLeft() {
        String pkg = Catalog.uniqueName("staging-simple");
        String first = Catalog.upload("hello", ("#!/bin/sh\necho " + pkg + "\n").getBytes(StandardCharsets.UTF_8));
        GraphQL.ok(CREATE_SIMPLE, simpleInput(pkg, first));
        List<String> before = BucketObjects.keys();
        String second = Catalog.upload("hello", ("#!/bin/sh\necho again " + pkg + "\n")
                .getBytes(StandardCharsets.UTF_8));

        JsonPath error = GraphQL.error(CREATE_SIMPLE, simpleInput(pkg, second));

        assertThat(error.getString("extensions.code")).isEqualTo("VERSION_EXISTS");
        assertThat(BucketObjects.keys()).isEqualTo(before);
    }

    @Test
    void givenAnObjectPutUnderArtifactsBehindTheServicesBack_whenAManifestNamesIt_thenArtifactNotUploaded() {
        String pkg = Catalog.createPackage("staging-planted");
        byte[] zip = Zips.linuxPackage(pkg).bytes();
        String sha = Zips.sha256(zip);
        putDirectly("artifacts/sha256/" + sha, zip);

        JsonPath error = Catalog.addVersionRefused(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha));

        assertThat(error.getString("extensions.code")).isEqualTo("ARTIFACT_NOT_UPLOADED");
        assertThat(error.getString("extensions.jsonPath")).isEqualTo("$.files['" + FILE + "']");
        assertThat(Catalog.alreadyStored(zip)).isFalse();
        assertThat(Catalog.versionNames(pkg)).isEmpty();
    }

    @Test
    void givenAStagedUploadReplacedAfterItWasVerified_whenPromoted_thenChecksumMismatchAndNothingIsKept() {
        String sha = Catalog.upload(FILE, Zips.linuxPackage(Catalog.uniqueName("replaced")).bytes());
        String verifiedETag = Agents.bean(S3AsyncClient.class)
                .headObject(h -> h.bucket(bucket()).key("staging/sha256/" + sha)).join().eTag();
        // Another client PUTs other bytes to the same staging key between verification and promotion.
        putDirectly("staging/sha256/" + sha, "not the verified bytes".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Agents.await(() -> Agents.bean(ArtifactStore.class).promote(sha, verifiedETag)))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
        assertThat(BucketObjects.keys("artifacts/")).doesNotContain("artifacts/sha256/" + sha);
    }

    @Test
    void givenAStagedUploadOlderThanTheCutoffAndANewerOne_whenTheSweepRuns_thenOnlyTheOlderIsDeleted() {
        String older = Catalog.upload(FILE, Zips.linuxPackage(Catalog.uniqueName("sweep-old")).bytes());
        Instant cutoff = lastModified("staging/sha256/" + older).plusSeconds(1);
        // Object times may be kept to the second: the newer upload must start after the cut-off's second.
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(cutoff.plusSeconds(1)));
        String newer = Catalog.upload(FILE, Zips.linuxPackage(Catalog.uniqueName("sweep-new")).bytes());

        int deleted = Agents.await(() -> Agents.bean(StagingSweeper.class).sweep(cutoff));

        assertThat(deleted).isPositive();
        assertThat(BucketObjects.keys("staging/"))
                .doesNotContain("staging/sha256/" + older)
                .contains("staging/sha256/" + newer);
    }

    private static final String CREATE_SIMPLE = """
            mutation($input: CreateSimplePackageInput!) {
              createSimplePackage(input: $input) { version { version } }
            }
            """;

    private static Map<String, Object> simpleInput(String pkg, String installerSha) {
        return GraphQL.vars("input", Map.of("packageName", pkg, "version", "1.0.0", "publisher", "Simple Corp",
                "installer", Map.of("fileName", "hello", "sha256", installerSha),
                "entries", List.of(Map.of("platform", "ubuntu", "arch", "x86_64"))));
    }

    private static void assertRefusedLeavingBucketAsBefore(String pkg, String version, byte[] bytes, String code) {
        List<String> before = BucketObjects.keys();
        String sha = Catalog.upload(FILE, bytes);
        assertThat(BucketObjects.keys()).contains("staging/sha256/" + sha);

        JsonPath error = Catalog.addVersionRefused(pkg, version, Catalog.linuxManifest(version, FILE, sha));

        assertThat(error.getString("extensions.code")).isEqualTo(code);
        assertThat(BucketObjects.keys()).isEqualTo(before);
    }

    private static List<String> plus(List<String> keys, String key) {
        List<String> result = new ArrayList<>(keys);
        result.add(key);
        result.sort(null);
        return result;
    }

    private static void putDirectly(String key, byte[] bytes) {
        Agents.bean(S3AsyncClient.class)
                .putObject(p -> p.bucket(bucket()).key(key), AsyncRequestBody.fromBytes(bytes))
                .join();
    }

    private static Instant lastModified(String key) {
        return Agents.bean(S3AsyncClient.class)
                .listObjectsV2(l -> l.bucket(bucket()).prefix(key))
                .join()
                .contents().stream()
                .filter(o -> o.key().equals(key))
                .map(S3Object::lastModified)
                .findFirst()
                .orElseThrow();
    }

    private static String bucket() {
        return Agents.bean(ArtifactConfig.class).s3().bucket();
    }
}
