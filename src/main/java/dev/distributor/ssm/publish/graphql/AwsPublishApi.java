package dev.distributor.ssm.publish.graphql;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.graphql.PackageType;
import dev.distributor.catalog.graphql.PackageVersionType;
import dev.distributor.ssm.SsmConfig;
import dev.distributor.ssm.publish.domain.AwsDocumentEntity;
import dev.distributor.ssm.publish.domain.AwsPublicationEntity;
import dev.distributor.ssm.publish.service.AwsPublicationReads;
import dev.distributor.ssm.publish.service.AwsPublisher;

/** Publishing to AWS Distributor: the mutation, and where packages and versions are published (batched fields). */
@GraphQLApi
public class AwsPublishApi {

    private final AwsPublisher publisher;
    private final AwsPublicationReads reads;
    private final SsmConfig config;

    public AwsPublishApi(AwsPublisher publisher, AwsPublicationReads reads, SsmConfig config) {
        this.publisher = publisher;
        this.reads = reads;
        this.config = config;
    }

    @Mutation("publishToAwsDistributor")
    @Description("Publishes a PUBLISHED version to AWS Distributor: copies its files under their manifest names to "
            + "s3://<DISTRIBUTOR_SSM_PUBLISH_BUCKET>/<prefix><package>/<version>/, then CreateDocument (the package's "
            + "first) or UpdateDocument (a new document version; AWS's default follows setDefaultVersion) with "
            + "DocumentType Package, the manifest as content and the version as VersionName. Idempotent: a version "
            + "published already is answered as is (state PUBLISHED, no AWS call), one another request is publishing "
            + "right now as PUBLISHING; after a failure, publishing again resumes without creating anything twice. "
            + "Errors: SSM_DISABLED, AWS_PUBLISH_NOT_CONFIGURED, INVALID_STATE (not PUBLISHED), "
            + "INVALID_NAME (no valid SSM document name), AWS_PUBLISH_FAILED (recorded FAILED; extensions.operation "
            + "and extensions.awsErrorCode say which call and what AWS answered).")
    public Uni<@NonNull AwsPublication> publishToAwsDistributor(@NonNull String packageName, @NonNull String version) {
        return publisher.publish(packageName, version)
                .map(p -> toType(p.packageName(), p.version(), p.record()));
    }

    @Description("Where this version is published to AWS Distributor; null when it never was.")
    public Uni<List<AwsPublication>> awsPublication(@Source List<PackageVersionType> versions) {
        return reads.publicationsOf(versions.stream().map(PackageVersionType::id).toList()).map(rows -> {
            List<AwsPublication> result = new ArrayList<>(versions.size());
            for (int i = 0; i < versions.size(); i++) {
                PackageVersionType version = versions.get(i);
                AwsPublicationEntity row = rows.get(i);
                result.add(row == null ? null : toType(version.packageName(), version.version(), row));
            }
            return result;
        });
    }

    @Description("The package's AWS Distributor document; null when no version was ever published to AWS.")
    public Uni<List<AwsDocument>> awsDocument(@Source List<PackageType> packages) {
        return reads.documentsOf(packages.stream().map(PackageType::id).toList())
                .map(rows -> rows.stream().map(row -> row == null ? null : toType(row)).toList());
    }

    private static AwsPublication toType(String packageName, String version, AwsPublicationEntity row) {
        AwsCallError error = row.errorOperation == null
                ? null
                : new AwsCallError(row.errorOperation, row.errorCode, String.valueOf(row.errorMessage));
        return new AwsPublication(packageName, version, row.documentName, row.documentVersion, row.sourceUrl,
                row.state, error, row.attempts, row.requestedBy, row.requestedAt, row.publishedAt, row.updatedAt);
    }

    private AwsDocument toType(AwsDocumentEntity row) {
        return new AwsDocument(row.documentName, config.region(), config.account(), row.latestDocumentVersion,
                row.defaultDocumentVersion, row.defaultVersionName, row.mirrorNote, row.mirroredAt);
    }
}
