package dev.distributor.ssm.publish.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("AwsDocument")
@Description("The package's SSM document of type Package (AWS Distributor), as last created, updated or mirrored "
        + "by this service. AWS-ConfigureAWSPackage installs it by name.")
public record AwsDocument(
        @NonNull String name,
        @NonNull @Description("The AWS region of the SSM client (DISTRIBUTOR_SSM_REGION).") String region,
        @NonNull @Description("The AWS account configured (DISTRIBUTOR_SSM_ACCOUNT).") String account,
        @Description("The document's latest version (\"1\", \"2\", ...).") String latestVersion,
        @Description("AWS's default document version: the package's default version once mirrored.") String defaultVersion,
        @Description("The name (our version) of AWS's default document version.") String defaultVersionName,
        @Description("Why AWS's default does not follow the package's default (not published to AWS, or SSM's "
                + "refusal of UpdateDocumentDefaultVersion); null when it does.") String mirrorNote,
        @Description("When the default was last mirrored.") OffsetDateTime mirroredAt) {
}
