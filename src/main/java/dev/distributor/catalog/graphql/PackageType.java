package dev.distributor.catalog.graphql;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.common.graphql.Tag;

@Name("Package")
@Description("A named piece of software with versions; each version holds one zip per platform and architecture.")
public record PackageType(
        // GraphQL @Ignore (not a test switch): the row id keys batched field loading and stays out of the schema.
        @Ignore long id,
        @NonNull @Description("Unique name, 3-128 of letters, digits, '_', '.', '-'.") String name,
        String description,
        String publisher,
        @NonNull List<@NonNull Tag> tags,
        @Description("The version deployments get when they ask for \"default\". The first published version "
                + "becomes the default until setDefaultVersion chooses another.") String defaultVersion,
        boolean archived,
        @NonNull OffsetDateTime createdAt,
        @NonNull OffsetDateTime updatedAt) {
}
