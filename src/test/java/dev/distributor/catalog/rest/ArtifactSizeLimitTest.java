package dev.distributor.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.SmallLimitsShortLease;
import dev.distributor.testing.Zips;

@QuarkusTest
@TestProfile(SmallLimitsShortLease.class)
class ArtifactSizeLimitTest {

    @Inject
    ArtifactStore store;

    @Test
    void aPartLargerThanTheArtifactLimit_isRefusedZipTooLarge_andNotStored() {
        String name = Catalog.createPackage("big");
        byte[] noise = new byte[16 * 1024];
        new Random(42).nextBytes(noise);
        byte[] zip = Zips.linuxPackage(name).with("noise.bin", noise).bytes();
        String sha = Zips.sha256(zip);

        JsonPath error = given().multiPart("manifest", Catalog.linuxManifest("1.0.0", "app-linux.zip", sha))
                .multiPart("file", "app-linux.zip", zip, "application/zip")
                .when().post("/api/packages/{n}/versions", name)
                .then().statusCode(400).contentType("application/json")
                .extract().jsonPath();

        assertThat(zip.length).isGreaterThan(4 * 1024);
        assertThat(error.getString("code")).isEqualTo("ZIP_TOO_LARGE");
        assertThat(error.getString("jsonPath")).isEqualTo("$.files['app-linux.zip']");
        assertThat(store.sizeOf(ArtifactStore.keyFor(sha)).await().indefinitely()).isEmpty();
    }
}
