package dev.distributor.fleet.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.common.graphql.Tag;
import dev.distributor.fleet.domain.InstalledPackageState;

@Name("TargetState")
@Description("A target's attributes as a fleet event recorded them.")
public record TargetState(
        @NonNull String name,
        @NonNull String platform,
        @NonNull String platformVersion,
        @NonNull String arch,
        @NonNull String account,
        @NonNull String region,
        @NonNull List<@NonNull Tag> tags,
        @Description("As the liveness sweep last announced it (it lags the targets query by up to one sweep).") boolean online,
        @NonNull @Description("Installed packages by name.") List<@NonNull InstalledVersion> installed) {

    @Name("InstalledVersion")
    @Description("A package, the version installed and its state (BROKEN after a failed rollback).")
    public record InstalledVersion(@NonNull String packageName, @NonNull String version,
            @NonNull InstalledPackageState state) {
    }
}
