package dev.distributor.catalog.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("RequestArtifactUploadInput")
public record RequestArtifactUploadInput(
        @NonNull @Description("The file name the manifest will use.") String fileName,
        @Description("Exact size in bytes; the signed URL accepts only this length.") long size,
        @NonNull @Description("sha256 of the bytes, 64 hex characters.") String sha256) {
}
