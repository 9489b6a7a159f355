package dev.distributor.ssm.local;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * AWS Distributor's Package documents: CreateDocument, UpdateDocument, UpdateDocumentDefaultVersion and
 * DescribeDocument (AWS API reference, Systems Manager). Only DocumentType Package in JSON is kept; its manifest is
 * checked against the attachments in S3 as SSM does before it accepts a package ({@link PackageManifestCheck}).
 */
final class Documents implements AutoCloseable {

    private static final String NAME_PATTERN = "[a-zA-Z0-9_.-]{3,128}";
    private static final String VERSION_NAME_PATTERN = "[a-zA-Z0-9_.-]{1,128}";

    private final Map<String, PackageDocument> documents = new LinkedHashMap<>();
    private final PackageManifestCheck check = new PackageManifestCheck();

    synchronized Map<String, PackageDocument> all() {
        return Map.copyOf(documents);
    }

    void s3(URI endpoint, String accessKey, String secretKey) {
        check.s3(endpoint, accessKey, secretKey);
    }

    JsonNode createDocument(JsonNode request) {
        String name = name(request);
        String type = Json.text(request, "DocumentType");
        if (!"Package".equals(type)) {
            throw new SsmError("InvalidDocumentType", "The local endpoint keeps Package documents only, not " + type
                    + ".");
        }
        String format = Json.text(request, "DocumentFormat");
        if (format != null && !"JSON".equals(format)) {
            throw new SsmError("InvalidDocumentContent", "A Package document is JSON, not " + format + ".");
        }
        String versionName = versionName(request);
        String content = content(request);
        synchronized (this) {
            if (documents.containsKey(name)) {
                throw new SsmError("DocumentAlreadyExists", "Document with same name " + name + " already exists");
            }
        }
        String sourceUrl = check.validate(content, request);
        PackageDocument.Version version = new PackageDocument.Version("1", versionName, content, sourceUrl,
                Instant.now());
        PackageDocument document;
        synchronized (this) {
            if (documents.containsKey(name)) {
                throw new SsmError("DocumentAlreadyExists", "Document with same name " + name + " already exists");
            }
            document = new PackageDocument(name, java.util.List.of(version), "1");
            documents.put(name, document);
        }
        ObjectNode answer = Json.object();
        answer.set("DocumentDescription", description(document, version));
        return answer;
    }

    JsonNode updateDocument(JsonNode request) {
        String name = name(request);
        String versionName = versionName(request);
        String content = content(request);
        String documentVersion = Json.text(request, "DocumentVersion");
        PackageDocument current = existing(name);
        if (documentVersion != null && !"$LATEST".equals(documentVersion)
                && !documentVersion.equals(current.latestVersion())) {
            throw new SsmError("InvalidDocumentVersion", "UpdateDocument takes $LATEST or the latest version ("
                    + current.latestVersion() + "), not " + documentVersion + ".");
        }
        String sourceUrl = check.validate(content, request);
        PackageDocument updated;
        PackageDocument.Version version;
        synchronized (this) {
            current = existing(name);
            if (versionName != null && current.versionNamed(versionName).isPresent()) {
                throw new SsmError("DuplicateDocumentVersionName", "The version name " + versionName
                        + " is already used by a version of " + name + ".");
            }
            if (current.versions().stream().anyMatch(v -> v.content().equals(content))) {
                throw new SsmError("DuplicateDocumentContent", "The content of the document matches a version of "
                        + name + ". Change the content of the document and try again.");
            }
            version = new PackageDocument.Version(String.valueOf(current.versions().size() + 1), versionName,
                    content, sourceUrl, Instant.now());
            updated = current.with(version);
            documents.put(name, updated);
        }
        ObjectNode answer = Json.object();
        answer.set("DocumentDescription", description(updated, version));
        return answer;
    }

    JsonNode updateDocumentDefaultVersion(JsonNode request) {
        String name = name(request);
        String documentVersion = Json.text(request, "DocumentVersion");
        PackageDocument updated;
        synchronized (this) {
            PackageDocument current = existing(name);
            String target = "$LATEST".equals(documentVersion) ? current.latestVersion() : documentVersion;
            if (target == null || current.version(target).isEmpty()) {
                throw new SsmError("InvalidDocumentVersion", "The document " + name + " has no version "
                        + documentVersion + ".");
            }
            updated = current.withDefault(target);
            documents.put(name, updated);
        }
        ObjectNode answer = Json.object();
        ObjectNode description = answer.putObject("Description");
        description.put("Name", name);
        description.put("DefaultVersion", updated.defaultVersion());
        String versionName = updated.defaultDocumentVersion().versionName();
        if (versionName != null) {
            description.put("DefaultVersionName", versionName);
        }
        return answer;
    }

    JsonNode describeDocument(JsonNode request) {
        String name = Json.text(request, "Name");
        String documentVersion = Json.text(request, "DocumentVersion");
        String versionName = Json.text(request, "VersionName");
        PackageDocument document = existing(name);
        PackageDocument.Version version;
        if (versionName != null) {
            version = document.versionNamed(versionName).orElseThrow(() -> new SsmError("InvalidDocument",
                    "Document " + name + " with version name " + versionName + " does not exist."));
        } else if (documentVersion != null && !"$DEFAULT".equals(documentVersion)) {
            String wanted = "$LATEST".equals(documentVersion) ? document.latestVersion() : documentVersion;
            version = document.version(wanted).orElseThrow(() -> new SsmError("InvalidDocumentVersion",
                    "Document " + name + " has no version " + documentVersion + "."));
        } else {
            version = document.defaultDocumentVersion();
        }
        ObjectNode answer = Json.object();
        answer.set("Document", description(document, version));
        return answer;
    }

    private synchronized PackageDocument existing(String name) {
        PackageDocument document = name == null ? null : documents.get(name);
        if (document == null) {
            throw new SsmError("InvalidDocument", "Document " + name + " does not exist.");
        }
        return document;
    }

    private static String name(JsonNode request) {
        String name = Json.text(request, "Name");
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw SsmError.validation("name", name, "Member must satisfy regular expression pattern: "
                    + NAME_PATTERN);
        }
        if (name.startsWith("AWS") || name.startsWith("Amazon") || name.startsWith("amzn")) {
            throw SsmError.validation("name", name, "Member must not start with a prefix reserved by AWS");
        }
        return name;
    }

    private static String versionName(JsonNode request) {
        String versionName = Json.text(request, "VersionName");
        if (versionName != null && !versionName.matches(VERSION_NAME_PATTERN)) {
            throw SsmError.validation("versionName", versionName, "Member must satisfy regular expression pattern: "
                    + VERSION_NAME_PATTERN);
        }
        return versionName;
    }

    private static String content(JsonNode request) {
        String content = Json.text(request, "Content");
        if (content == null || content.isEmpty()) {
            throw SsmError.validation("content", content, "Member must have length greater than or equal to 1");
        }
        return content;
    }

    /** A DocumentDescription of one version of a Package document. */
    private static ObjectNode description(PackageDocument document, PackageDocument.Version version) {
        ObjectNode shape = Json.object();
        shape.put("Hash", sha256(version.content()));
        shape.put("HashType", "Sha256");
        shape.put("Name", document.name());
        if (version.versionName() != null) {
            shape.put("VersionName", version.versionName());
        }
        shape.put("Owner", "123456789012");
        shape.put("CreatedDate", Json.epochSeconds(version.createdAt()));
        shape.put("Status", "Active");
        shape.put("DocumentVersion", version.documentVersion());
        shape.put("Description", "");
        shape.putArray("Parameters");
        shape.putArray("PlatformTypes").add("Linux");
        shape.put("DocumentType", "Package");
        shape.put("SchemaVersion", "2.0");
        shape.put("LatestVersion", document.latestVersion());
        shape.put("DefaultVersion", document.defaultVersion());
        shape.put("DocumentFormat", "JSON");
        shape.putArray("Tags");
        var attachments = shape.putArray("AttachmentsInformation");
        PackageManifestCheck.fileNames(version.content()).forEach(file -> attachments.addObject().put("Name", file));
        return shape;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        check.close();
    }
}
