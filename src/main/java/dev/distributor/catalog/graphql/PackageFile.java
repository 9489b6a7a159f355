package dev.distributor.catalog.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("A zip of a version, under the name the manifest gives it.")
public record PackageFile(
        @NonNull String name,
        @NonNull String sha256,
        @Description("Size in bytes.") long size,
        @Description("Entries in the zip.") int entryCount,
        @Description("Bytes the zip expands to.") long expandedSize,
        @NonNull @Description("Scripts at the zip's root (install.sh, uninstall.sh, update.sh, validate.sh and "
                + "their .ps1 twins).") List<@NonNull String> scripts,
        @NonNull @Description("Platform keys of the manifest that select this file.") List<@NonNull String> platforms,
        @NonNull @Description("Where the artifact is stored in the bucket.") String key) {
}
