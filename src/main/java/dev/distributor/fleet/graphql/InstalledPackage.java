package dev.distributor.fleet.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.fleet.domain.InstalledPackageState;

@Description("A package installed on a target, as its agent last reported or a successful command recorded.")
public record InstalledPackage(
        @NonNull String packageName,
        @NonNull @Description("The version recorded: for a BROKEN package, the version the host had before the "
                + "failed reinstall (or the one that failed when it had none).") String version,
        @NonNull @Description("The state's name, as 'state'; kept for older clients.") String status,
        @NonNull @Description("INSTALLED, or BROKEN when the agent's automatic rollback failed (the new version did not "
                + "install and the old one did not come back): what is on the host is unknown. A broken package is "
                + "never skipped as already installed; a successful install or uninstall makes it INSTALLED or "
                + "removes it.") InstalledPackageState state,
        @NonNull OffsetDateTime updatedAt) {

    public InstalledPackage(String packageName, String version, InstalledPackageState state,
            OffsetDateTime updatedAt) {
        this(packageName, version, state.name(), state, updatedAt);
    }
}
