package dev.distributor.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Zips;

/** Artifacts are content addressed: byte-identical zips are stored and verified once, whoever uses them. */
@QuarkusTest
class ArtifactDedupTest {

    private static final String FILE = "app-linux.zip";

    @Test
    void givenAZipAVersionUses_whenTheSameBytesAreRequestedForUpload_thenTheyAreAlreadyStoredAndNoUrlIsGiven() {
        String pkg = Catalog.createPackage("dedup");
        byte[] zip = Zips.linuxPackage(pkg).bytes();
        String sha = Catalog.upload(FILE, zip);
        Catalog.addVersion(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha), false);

        JsonPath ticket = Catalog.requestUpload("renamed.zip", zip, sha);

        assertThat(ticket.getBoolean("alreadyStored")).isTrue();
        assertThat(ticket.getString("url")).isNull();
        assertThat(ticket.getList("headers")).isEmpty();
        assertThat(ticket.getString("key")).isEqualTo("artifacts/sha256/" + sha);
    }

    @Test
    void givenAKnownArtifactWhoseObjectLeftTheBucket_whenRequestedAgain_thenAnUploadUrlIsGivenToRestoreIt() {
        String pkg = Catalog.createPackage("dedup");
        byte[] zip = Zips.linuxPackage(pkg).bytes();
        String sha = Catalog.upload(FILE, zip);
        Catalog.addVersion(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha), false);
        Agents.await(() -> Agents.bean(ArtifactStore.class).delete(ArtifactStore.keyFor(sha)));

        JsonPath ticket = Catalog.requestUpload(FILE, zip, sha);

        assertThat(ticket.getBoolean("alreadyStored")).isFalse();
        assertThat(ticket.getString("url")).isNotBlank();
        Catalog.put(ticket.getString("url"), ticket.getList("headers"), zip);
        // The upload is staged; the next version naming it verifies it again and puts it back.
        Catalog.addVersion(pkg, "1.0.1", Catalog.linuxManifest("1.0.1", FILE, sha), false);
        assertThat(Catalog.requestUpload(FILE, zip, sha).getBoolean("alreadyStored")).isTrue();
    }

    @Test
    void givenAKnownArtifactWhoseObjectLeftTheBucket_whenAVersionNamesItWithoutAnUpload_thenArtifactNotUploaded() {
        String pkg = Catalog.createPackage("dedup");
        byte[] zip = Zips.linuxPackage(pkg).bytes();
        String sha = Catalog.upload(FILE, zip);
        Catalog.addVersion(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha), false);
        Agents.await(() -> Agents.bean(ArtifactStore.class).delete(ArtifactStore.keyFor(sha)));

        JsonPath error = Catalog.addVersionRefused(pkg, "1.0.1", Catalog.linuxManifest("1.0.1", FILE, sha));

        assertThat(error.getString("extensions.code")).isEqualTo("ARTIFACT_NOT_UPLOADED");
    }

    @Test
    void givenBytesUploadedButNotYetUsedByAVersion_whenRequestedAgain_thenAnUploadUrlIsStillGiven() {
        byte[] zip = Zips.linuxPackage(Catalog.uniqueName("unverified")).bytes();
        Catalog.upload(FILE, zip);

        JsonPath ticket = Catalog.requestUpload(FILE, zip, Zips.sha256(zip));

        assertThat(ticket.getBoolean("alreadyStored")).isFalse();
        assertThat(ticket.getString("url")).isNotBlank();
    }

    @Test
    void givenAZipUsedByOnePackage_whenAnotherPackageAddsAVersionWithTheSameBytes_thenNoUploadIsNeeded() {
        String first = Catalog.createPackage("dedup");
        String second = Catalog.createPackage("dedup");
        String sha = Catalog.upload(FILE, Zips.linuxPackage(first + "-shared").bytes());
        Catalog.addVersion(first, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha), false);

        JsonPath added = Catalog.addVersion(second, "7.0", Catalog.linuxManifest("7.0", "shared.zip", sha), true);

        assertThat(added.getString("state")).isEqualTo("PUBLISHED");
        assertThat(Catalog.versionNames(second)).containsExactly("7.0");
    }

    @Test
    void givenAZipUsedByTwoPackages_thenBothFilesCarryTheSameKeyAndScripts() {
        String first = Catalog.createPackage("dedup");
        String second = Catalog.createPackage("dedup");
        byte[] zip = Zips.linuxPackage(first + "-shared").bytes();
        String sha = Catalog.upload(FILE, zip);
        String firstKey = Catalog.addVersionWithFiles(first, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha), false)
                .getString("files[0].key");

        assertThat(Catalog.requestUpload("shared.zip", zip, sha).getBoolean("alreadyStored")).isTrue();
        JsonPath added = Catalog.addVersionWithFiles(second, "7.0", Catalog.linuxManifest("7.0", "shared.zip", sha),
                true);

        assertThat(added.getString("files[0].name")).isEqualTo("shared.zip");
        assertThat(added.getString("files[0].key")).isEqualTo(firstKey);
        assertThat(added.getString("files[0].sha256")).isEqualTo(sha);
        assertThat(added.getList("files[0].scripts", String.class)).contains("install.sh", "uninstall.sh");
    }

    @Test
    void givenTwoVersionsOfOnePackageWithIdenticalZips_thenBothFilesPointToOneArtifact() {
        String pkg = Catalog.createPackage("dedup");
        byte[] zip = Zips.linuxPackage(pkg).bytes();
        String sha = Catalog.upload(FILE, zip);
        JsonPath v1 = Catalog.addVersionWithFiles(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha), true);

        assertThat(Catalog.requestUpload(FILE, zip, sha).getBoolean("alreadyStored")).isTrue();
        JsonPath v2 = Catalog.addVersionWithFiles(pkg, "1.0.1", Catalog.linuxManifest("1.0.1", FILE, sha), false);

        assertThat(v2.getString("files[0].key")).isEqualTo(v1.getString("files[0].key"));
        assertThat(v2.getLong("files[0].size")).isEqualTo(zip.length);
        assertThat(Catalog.versionNames(pkg)).containsExactly("1.0.1", "1.0.0");
    }
}
