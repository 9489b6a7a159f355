package dev.distributor.catalog.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("The generated DRAFT version; read files.scriptSources to review the scripts, then publishVersion.")
public record SimplePackagePayload(
        @NonNull PackageVersionType version,
        @NonNull @Description("Things to check before publishing; they never block.") List<@NonNull String> warnings) {
}
