package dev.distributor.fleet.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A package installed on a target, as its agent last reported or a successful command recorded.")
public record InstalledPackage(
        @NonNull String packageName,
        @NonNull String version,
        @NonNull String status,
        @NonNull OffsetDateTime updatedAt) {
}
