package dev.distributor.ssm.publish.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.ssm.publish.domain.AwsPublicationState;

@Name("AwsPublication")
@Description("Where a version is published to AWS Distributor: a version of the package's SSM Package document "
        + "(VersionName = the version), its files under their manifest names at sourceUrl.")
public record AwsPublication(
        @NonNull String packageName,
        @NonNull String version,
        @NonNull @Description("The SSM document: DISTRIBUTOR_SSM_DOCUMENT_PREFIX plus the package name.") String documentName,
        @Description("The SSM document version holding this version (\"1\", \"2\", ...); null until PUBLISHED.") String documentVersion,
        @NonNull @Description("The document's SourceUrl attachment: s3://<bucket>/<prefix><package>/<version>.") String sourceUrl,
        @NonNull AwsPublicationState state,
        @Description("Why the last attempt failed (state FAILED); null otherwise.") AwsCallError error,
        @Description("Attempts so far; publishing again after a failure resumes and counts one more.") int attempts,
        @NonNull @Description("Who made the last attempt.") String requestedBy,
        @NonNull OffsetDateTime requestedAt,
        OffsetDateTime publishedAt,
        @NonNull OffsetDateTime updatedAt) {
}
