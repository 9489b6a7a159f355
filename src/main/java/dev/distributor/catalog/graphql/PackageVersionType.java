package dev.distributor.catalog.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.catalog.domain.VersionState;

@Name("PackageVersion")
@Description("One version of a package: its AWS-format manifest and the files it names.")
public record PackageVersionType(
        // GraphQL @Ignore (not a test switch): the row id keys batched field loading and stays out of the schema.
        @Ignore long id,
        @NonNull String packageName,
        @NonNull String version,
        @NonNull VersionState state,
        @Name("isDefault") @Description("Whether this is the package's default version.") boolean isDefault,
        @NonNull @Description("The manifest exactly as submitted (AWS Distributor format, JSON).") String manifest,
        @NonNull String createdBy,
        @NonNull OffsetDateTime createdAt,
        OffsetDateTime publishedAt) {
}
