package dev.distributor.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.SmallLimitsShortLease;
import dev.distributor.testing.Zips;

/** Zip bombs: more entries or more expanded bytes than configured are refused before anything is stored. */
@QuarkusTest
@TestProfile(SmallLimitsShortLease.class)
class ZipLimitsTest {

    private static final String FILE = "app-linux.zip";

    @Test
    void givenAZipWithMoreEntriesThanTheLimit_whenAdded_thenZipTooLargeAndNothingStored() {
        String pkg = Catalog.createPackage("limits");
        Zips zips = Zips.linuxPackage(pkg);
        for (int i = 0; i < 27; i++) {
            zips.with("data/file-" + i + ".txt", "entry " + i);
        }
        byte[] zip = zips.bytes();

        JsonPath error = addRefused(pkg, zip);

        assertThat(error.getString("extensions.code")).isEqualTo("ZIP_TOO_LARGE");
        assertThat(error.getString("message")).contains("30 entries", "20");
        assertNothingStored(pkg, zip);
    }

    @Test
    void givenAZipExpandingPastTheLimit_whenAdded_thenZipTooLargeAndNothingStored() {
        String pkg = Catalog.createPackage("limits");
        byte[] zip = Zips.linuxPackage(pkg).with("zeros.bin", new byte[1024 * 1024]).bytes();
        assertThat(zip.length).as("a megabyte of zeros compresses well").isLessThan(64 * 1024);

        JsonPath error = addRefused(pkg, zip);

        assertThat(error.getString("extensions.code")).isEqualTo("ZIP_TOO_LARGE");
        assertThat(error.getString("message")).contains("expands past the limit");
        assertNothingStored(pkg, zip);
    }

    @Test
    void givenAZipWithinBothLimits_whenAdded_thenItIsAccepted() {
        String pkg = Catalog.createPackage("limits");
        Zips zips = Zips.linuxPackage(pkg).with("data.bin", new byte[32 * 1024]);
        for (int i = 0; i < 16; i++) {
            zips.with("data/file-" + i + ".txt", "entry " + i);
        }
        String sha = Catalog.upload(FILE, zips.bytes());

        JsonPath version = Catalog.addVersion(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha), false);

        assertThat(version.getString("state")).isEqualTo("DRAFT");
    }

    private static JsonPath addRefused(String pkg, byte[] zip) {
        String sha = Catalog.upload(FILE, zip);
        return Catalog.addVersionRefused(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", FILE, sha));
    }

    private static void assertNothingStored(String pkg, byte[] refused) {
        assertThat(Catalog.versionNames(pkg)).isEmpty();
        assertThat(Catalog.alreadyStored(refused)).isFalse();
    }
}
