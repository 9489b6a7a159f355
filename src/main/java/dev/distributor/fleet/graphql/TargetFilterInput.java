package dev.distributor.fleet.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

import dev.distributor.fleet.domain.InstalledPackageState;

@Input("TargetFilterInput")
@Description("Selects targets; every given field must match (lists match any of their values).")
public record TargetFilterInput(
        List<String> instanceIds,
        @Description("Each 'key=value' (exact) or 'key' (present); all must match.") List<String> tags,
        List<String> platforms,
        String platformVersion,
        String arch,
        List<String> accounts,
        List<String> regions,
        @Description("true: seen within the online cutoff; false: not.") Boolean online,
        @Description("Has this package installed (the name compared ignoring case, as catalog lookups are).") String hasPackage,
        @Description("With hasPackage: has this version installed (compared ignoring case).") String hasPackageVersion,
        @Description("Has a package (hasPackage, else any) in this state: BROKEN selects hosts whose rollback failed.") InstalledPackageState packageState) {
}
