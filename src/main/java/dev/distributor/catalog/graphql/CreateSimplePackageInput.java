package dev.distributor.catalog.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("CreateSimplePackageInput")
@Description("One installer plus the platforms it is for; Distributor writes the scripts, zips and manifest.")
public record CreateSimplePackageInput(
        @NonNull @Description("Created when missing, with description and publisher.") String packageName,
        @NonNull String version,
        String description,
        String publisher,
        @NonNull @Description("The installer, uploaded first with requestArtifactUpload: .deb, .rpm, .msi, "
                + ".tar.gz/.tgz, .exe, or a plain executable.") InstallerInput installer,
        @NonNull @Description("Where it installs; each entry becomes a manifest entry.") List<@NonNull PlatformEntryInput> entries) {

    @Input("InstallerInput")
    public record InstallerInput(@NonNull String fileName, @NonNull String sha256) {
    }

    @Input("PlatformEntryInput")
    public record PlatformEntryInput(
            @NonNull @Description("Manifest platform key, e.g. ubuntu, amazon, windows.") String platform,
            @Description("Platform version key: exact (22.04), a prefix (8.*), or _any (default).") String platformVersion,
            @NonNull @Description("x86_64, 386, arm64 or _any.") String arch) {
    }
}
