package dev.distributor.ssm.local;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A Package document (AWS Distributor) the local endpoint holds: its versions in creation order ("1", "2", ...) and
 * which one is the default. Immutable: every change replaces the document in {@link LocalSsmEndpoint#documents()}.
 *
 * @param name the document name
 * @param versions every version, oldest first
 * @param defaultVersion the DocumentVersion the default points at
 */
public record PackageDocument(String name, List<Version> versions, String defaultVersion) {

    /**
     * One version of the document.
     *
     * @param documentVersion "1", "2", ...
     * @param versionName the VersionName given (unique within the document), or null
     * @param content the manifest (the document Content)
     * @param sourceUrl the Attachments SourceUrl ({@code s3://bucket/prefix})
     * @param createdAt when it was created
     */
    public record Version(String documentVersion, String versionName, String content, String sourceUrl,
            Instant createdAt) {
    }

    public PackageDocument {
        versions = List.copyOf(versions);
    }

    /** The newest version's number. */
    public String latestVersion() {
        return versions.get(versions.size() - 1).documentVersion();
    }

    public Optional<Version> version(String documentVersion) {
        return versions.stream().filter(v -> v.documentVersion().equals(documentVersion)).findFirst();
    }

    public Optional<Version> versionNamed(String versionName) {
        return versions.stream().filter(v -> versionName.equals(v.versionName())).findFirst();
    }

    /** The default version. */
    public Version defaultDocumentVersion() {
        return version(defaultVersion).orElseThrow();
    }

    PackageDocument with(Version version) {
        List<Version> all = new java.util.ArrayList<>(versions);
        all.add(version);
        return new PackageDocument(name, all, defaultVersion);
    }

    PackageDocument withDefault(String documentVersion) {
        return new PackageDocument(name, versions, documentVersion);
    }
}
