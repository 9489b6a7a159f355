package dev.distributor.catalog.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("AddPackageVersionInput")
public record AddPackageVersionInput(
        @NonNull String packageName,
        @NonNull @Description("1-128 of letters, digits, '_', '.', '-'; must equal the manifest's version.") String version,
        @NonNull @Description("The AWS Distributor manifest as a JSON string. Every file it lists must have been "
                + "uploaded (requestArtifactUpload).") String manifest,
        @Description("Publish at once instead of leaving a DRAFT. Default false.") Boolean publish) {
}
