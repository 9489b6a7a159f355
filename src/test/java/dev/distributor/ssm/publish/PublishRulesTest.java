package dev.distributor.ssm.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.distributor.catalog.domain.VersionState;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.ssm.publish.domain.AwsPublicationEntity;
import dev.distributor.ssm.publish.domain.AwsPublicationState;
import dev.distributor.ssm.publish.service.PublishRules;
import dev.distributor.ssm.publish.service.PublishRules.Start;

/** The decisions of publishing to AWS Distributor, without a service or SSM. */
class PublishRulesTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-01T12:00:00Z");

    @Test
    void givenTheDriverOff_publishingIsRefusedAsSsmDisabled() {
        assertThatThrownBy(() -> PublishRules.requireConfigured(false, Optional.of("bucket")))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SSM_DISABLED));
    }

    @Test
    void givenNoBucket_publishingIsRefusedAsNotConfigured_namingTheVariableToSet() {
        for (Optional<String> unset : java.util.List.of(Optional.<String>empty(), Optional.of(" "))) {
            assertThatThrownBy(() -> PublishRules.requireConfigured(true, unset))
                    .isInstanceOfSatisfying(DistributorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.AWS_PUBLISH_NOT_CONFIGURED);
                        assertThat(e.getMessage()).contains("DISTRIBUTOR_SSM_PUBLISH_BUCKET");
                    });
        }
        assertThat(PublishRules.requireConfigured(true, Optional.of("my-bucket"))).isEqualTo("my-bucket");
    }

    @Test
    void onlyPublishedVersionsGoToAws() {
        PublishRules.requirePublishable("app", "1.0", VersionState.PUBLISHED);
        for (VersionState state : new VersionState[]{VersionState.DRAFT, VersionState.DEPRECATED}) {
            assertThatThrownBy(() -> PublishRules.requirePublishable("app", "1.0", state))
                    .isInstanceOfSatisfying(DistributorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
                        assertThat(e.details()).containsEntry("state", state.name());
                    });
        }
    }

    @Test
    void documentNames_followSsmsRule_andAvoidAwsReservedPrefixes() {
        assertThat(PublishRules.documentName("", "my-app")).isEqualTo("my-app");
        assertThat(PublishRules.documentName("Acme-", "aws-cli")).isEqualTo("Acme-aws-cli");
        for (String refused : new String[]{"aws-cli", "Amazon.agent", "AMZN_tool"}) {
            assertThatThrownBy(() -> PublishRules.documentName("", refused))
                    .isInstanceOfSatisfying(DistributorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME);
                        assertThat(e.getMessage()).contains("DISTRIBUTOR_SSM_DOCUMENT_PREFIX");
                    });
        }
        assertThatThrownBy(() -> PublishRules.documentName("p".repeat(10), "a".repeat(128)))
                .isInstanceOf(DistributorException.class);
    }

    @Test
    void filesGoUnderPrefixPackageAndVersion_whichIsTheSourceUrl() {
        String prefix = PublishRules.keyPrefix("distributor/", "my-app", "1.2.0");
        assertThat(prefix).isEqualTo("distributor/my-app/1.2.0");
        assertThat(PublishRules.sourceUrl("dist-bucket", prefix))
                .isEqualTo("s3://dist-bucket/distributor/my-app/1.2.0");
    }

    @Test
    void aNewRequest_attemptsUnlessPublishedOrHeldByAnotherAttempt() {
        assertThat(PublishRules.start(null, NOW)).isEqualTo(Start.ATTEMPT);
        assertThat(PublishRules.start(row(AwsPublicationState.FAILED, null), NOW)).isEqualTo(Start.ATTEMPT);
        assertThat(PublishRules.start(row(AwsPublicationState.PUBLISHED, null), NOW))
                .isEqualTo(Start.ALREADY_PUBLISHED);
        assertThat(PublishRules.start(row(AwsPublicationState.PUBLISHING, NOW.plusMinutes(1)), NOW))
                .isEqualTo(Start.IN_PROGRESS);
        assertThat(PublishRules.start(row(AwsPublicationState.PUBLISHING, NOW.minusSeconds(1)), NOW))
                .as("a crashed attempt's claim ran out: resume it").isEqualTo(Start.ATTEMPT);
    }

    private static AwsPublicationEntity row(AwsPublicationState state, OffsetDateTime claimedUntil) {
        var row = new AwsPublicationEntity();
        row.state = state;
        row.claimedUntil = claimedUntil;
        return row;
    }
}
