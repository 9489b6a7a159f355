package dev.distributor.catalog.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.VersionUsage;
import dev.distributor.catalog.domain.PackageEntity;
import dev.distributor.catalog.repository.VersionRepository;

/** Answers "may this version go away?" from the catalog's own rule (the default) and every {@link VersionUsage}. */
@ApplicationScoped
public class VersionUsageCheck {

    private final Instance<VersionUsage> users;
    private final VersionRepository versions;

    public VersionUsageCheck(Instance<VersionUsage> users, VersionRepository versions) {
        this.users = users;
        this.versions = versions;
    }

    /** Why the version must stay, or null. */
    public Uni<String> firstReason(Mutiny.Session session, PackageEntity pkg, String version) {
        if (version.equals(pkg.defaultVersion)) {
            return Uni.createFrom().item("it is the package's default version; set another default first");
        }
        return askUsers(session, pkg.name, List.of(version));
    }

    /** Why some version of the package must stay, or null. The default alone does not keep a package. */
    public Uni<String> firstReasonForPackage(Mutiny.Session session, PackageEntity pkg) {
        return versions.forPackages(session, List.of(pkg.id))
                .chain(rows -> askUsers(session, pkg.name, rows.stream().map(v -> v.version).toList()));
    }

    private Uni<String> askUsers(Mutiny.Session session, String packageName, List<String> versionNames) {
        // Sequential on purpose: all questions share the caller's session, which allows one operation at a time.
        return Multi.createFrom().iterable(versionNames)
                .onItem().transformToUniAndConcatenate(version -> Multi.createFrom().iterable(users)
                        .onItem().transformToUniAndConcatenate(user -> user.reasonInUse(session, packageName, version)
                                .map(reason -> reason == null ? "" : "version '" + version + "' " + reason))
                        .filter(reason -> !reason.isEmpty())
                        .toUni())
                .filter(reason -> reason != null)
                .toUni();
    }
}
