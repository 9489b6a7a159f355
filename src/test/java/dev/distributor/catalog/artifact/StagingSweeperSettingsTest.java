package dev.distributor.catalog.artifact;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The service refuses to start when the staging sweep could delete an upload whose presigned URL is still valid. */
class StagingSweeperSettingsTest {

    @Test
    void givenAStagingTtlNotLongerThanThePresignTtl_thenStartIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> StagingSweeper.requireStagingOutlivesPresign(Duration.ofHours(1),
                Duration.ofHours(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DISTRIBUTOR_S3_STAGING_TTL")
                .hasMessageContaining("DISTRIBUTOR_S3_PRESIGN_TTL");
    }

    @Test
    void givenTheDefaults_thenStartIsAllowed() {
        assertThatCode(() -> StagingSweeper.requireStagingOutlivesPresign(Duration.ofHours(24), Duration.ofHours(1)))
                .doesNotThrowAnyException();
    }
}
