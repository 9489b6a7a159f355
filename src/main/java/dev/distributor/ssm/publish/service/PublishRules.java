package dev.distributor.ssm.publish.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.distributor.catalog.domain.VersionState;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.ssm.publish.domain.AwsPublicationEntity;
import dev.distributor.ssm.publish.domain.AwsPublicationState;

/**
 * The decisions of publishing to AWS Distributor, pure so they are tested without SSM: whether it may start, the
 * document name, where the files go, and what a new request does with the publication already recorded.
 */
public final class PublishRules {

    /** SSM document names (CreateDocument, AWS API reference): 3-128 of letters, digits, '_', '-', '.'. */
    private static final Pattern DOCUMENT_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,128}");

    /** "You can't use the following strings as document name prefixes" (CreateDocument, AWS API reference). */
    private static final List<String> RESERVED_PREFIXES = List.of("aws", "amazon", "amzn");

    private PublishRules() {
    }

    /** What a request does, given the publication recorded for the version. */
    public enum Start {
        /** Nothing recorded, the last attempt failed, or it crashed (its claim ran out): copy and call SSM now. */
        ATTEMPT,
        /** The version is published to AWS already: answer the record, call nothing. */
        ALREADY_PUBLISHED,
        /** Another attempt holds the claim: answer the record as it stands (PUBLISHING). */
        IN_PROGRESS
    }

    /**
     * Refuses publishing while the driver is off ({@code SSM_DISABLED}) or no bucket is configured
     * ({@code AWS_PUBLISH_NOT_CONFIGURED}).
     *
     * @return the bucket
     */
    public static String requireConfigured(boolean enabled, Optional<String> bucket) {
        if (!enabled) {
            throw new DistributorException(ErrorCode.SSM_DISABLED, "Publishing to AWS Distributor needs the SSM driver:"
                    + " set DISTRIBUTOR_SSM_ENABLED=true (README, \"AWS Systems Manager\").");
        }
        if (bucket.isEmpty() || bucket.get().isBlank()) {
            throw new DistributorException(ErrorCode.AWS_PUBLISH_NOT_CONFIGURED, "Publishing to AWS Distributor "
                    + "needs an S3 bucket AWS reads the package files from: set DISTRIBUTOR_SSM_PUBLISH_BUCKET.");
        }
        return bucket.get().trim();
    }

    /** Only PUBLISHED versions go to AWS: a DRAFT may still change, a DEPRECATED one is no longer offered. */
    public static void requirePublishable(String packageName, String version, VersionState state) {
        if (state != VersionState.PUBLISHED) {
            throw new DistributorException(ErrorCode.INVALID_STATE, "Version '" + version + "' of '" + packageName
                    + "' is " + state + "; only a PUBLISHED version can be published to AWS Distributor.",
                    Map.of("field", "version", "state", state.name()));
        }
    }

    /**
     * The SSM document of a package: the configured prefix and the package name, held to SSM's naming rule.
     *
     * @throws DistributorException {@code INVALID_NAME} when SSM would refuse the name (too long, or a prefix AWS
     *             reserves); the message says to set DISTRIBUTOR_SSM_DOCUMENT_PREFIX
     */
    public static String documentName(String documentPrefix, String packageName) {
        String name = documentPrefix + packageName;
        String lower = name.toLowerCase(Locale.ROOT);
        boolean reserved = RESERVED_PREFIXES.stream().anyMatch(lower::startsWith);
        if (!DOCUMENT_NAME.matcher(name).matches() || reserved) {
            throw new DistributorException(ErrorCode.INVALID_NAME, "'" + name + "' cannot be an SSM document name ("
                    + (reserved
                            ? "AWS reserves names starting with aws, amazon or amzn"
                            : "3-128 of letters, digits, "
                                    + "'_', '-' or '.'")
                    + "); set DISTRIBUTOR_SSM_DOCUMENT_PREFIX to a prefix that makes it one.",
                    Map.of("field", "packageName"));
        }
        return name;
    }

    /** The key prefix the version's files are copied under: {@code <prefix><package>/<version>}. */
    public static String keyPrefix(String prefix, String packageName, String version) {
        return prefix + packageName + "/" + version;
    }

    /** The document's {@code SourceUrl} attachment: the folder holding the files under their manifest names. */
    public static String sourceUrl(String bucket, String keyPrefix) {
        return "s3://" + bucket + "/" + keyPrefix;
    }

    /** What a request does with the publication recorded for its version (null: none) at {@code now}. */
    public static Start start(AwsPublicationEntity recorded, OffsetDateTime now) {
        if (recorded == null || recorded.state == AwsPublicationState.FAILED) {
            return Start.ATTEMPT;
        }
        if (recorded.state == AwsPublicationState.PUBLISHED) {
            return Start.ALREADY_PUBLISHED;
        }
        return recorded.claimedUntil != null && recorded.claimedUntil.isAfter(now) ? Start.IN_PROGRESS : Start.ATTEMPT;
    }
}
