package dev.distributor.catalog.graphql;

import java.time.ZoneOffset;
import java.util.List;

import dev.distributor.catalog.artifact.ArtifactStore.PresignedRequest;
import dev.distributor.catalog.domain.PackageEntity;
import dev.distributor.catalog.domain.PackageVersionEntity;
import dev.distributor.catalog.manifest.FileSelection;
import dev.distributor.catalog.manifest.Manifest;
import dev.distributor.catalog.manifest.Platforms;
import dev.distributor.catalog.service.UploadService.UploadTicket;
import dev.distributor.catalog.service.VersionFile;
import dev.distributor.catalog.service.VersionOf;
import dev.distributor.common.graphql.Tag;

/** Entities and service results to GraphQL records; entities never reach the schema. */
final class CatalogMapper {

    private CatalogMapper() {
    }

    static PackageType toType(PackageEntity p) {
        List<Tag> tags = p.tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
        return new PackageType(p.id, p.name, p.description, p.publisher, tags, p.defaultVersion, p.archived,
                p.createdAt, p.updatedAt);
    }

    static PackageVersionType toType(PackageType pkg, PackageVersionEntity v) {
        return toType(pkg.name(), pkg.defaultVersion(), v);
    }

    static PackageVersionType toType(VersionOf v) {
        return toType(v.pkg().name, v.pkg().defaultVersion, v.version());
    }

    private static PackageVersionType toType(String packageName, String defaultVersion, PackageVersionEntity v) {
        return new PackageVersionType(v.id, packageName, v.version, v.state, v.version.equals(defaultVersion),
                v.manifest, v.createdBy, v.createdAt, v.publishedAt);
    }

    static PackageFile toType(VersionFile f, Manifest manifest) {
        return new PackageFile(f.name(), f.artifact().sha256, f.artifact().size, f.artifact().entryCount,
                f.artifact().expandedSize, f.artifact().rootScripts, List.copyOf(manifest.platformsOf(f.name())),
                f.artifact().s3Key);
    }

    static FileChoice toType(FileSelection s, String platform, String arch) {
        return new FileChoice(s.found(), s.file(), s.sha256(), s.platformKey(), s.platformVersionKey(), s.archKey(),
                s.reason(), Platforms.warnings(platform, arch));
    }

    static ArtifactUpload toType(UploadTicket t) {
        PresignedRequest r = t.request();
        if (r == null) {
            return new ArtifactUpload(t.fileName(), t.sha256(), t.key(), true, null, null, List.of(), null);
        }
        List<ArtifactUpload.Header> headers = r.headers().entrySet().stream()
                .filter(h -> !h.getKey().equalsIgnoreCase("host"))
                .map(h -> new ArtifactUpload.Header(h.getKey(), String.join(",", h.getValue())))
                .toList();
        return new ArtifactUpload(t.fileName(), t.sha256(), t.key(), false, r.method(), r.url().toString(), headers,
                r.expiresAt().atOffset(ZoneOffset.UTC));
    }
}
