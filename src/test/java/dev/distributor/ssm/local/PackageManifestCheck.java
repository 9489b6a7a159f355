package dev.distributor.ssm.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import dev.distributor.testing.TestInfrastructure;

/**
 * What SSM checks of a Package document before it accepts it: the manifest is JSON with schemaVersion 2.0, the
 * Attachments carry one SourceUrl {@code s3://bucket/prefix}, and every file the manifest lists under {@code files} is
 * at {@code <prefix>/<file name>} in that bucket with the sha256 the manifest gives. Refusals are
 * InvalidDocumentContent. The objects are read through an S3 client at {@link TestInfrastructure}'s S3Proxy unless
 * {@link LocalSsmEndpoint#s3} pointed elsewhere.
 */
final class PackageManifestCheck implements AutoCloseable {

    private S3Client s3;

    synchronized void s3(URI endpoint, String accessKey, String secretKey) {
        close();
        s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                        secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private synchronized S3Client client() {
        if (s3 == null) {
            URI endpoint = TestInfrastructure.s3Uri().orElseThrow(() -> new SsmError("InternalServerError", 500,
                    "The local SSM endpoint has no S3 to read Package attachments from: start TestInfrastructure"
                            + " or call LocalSsmEndpoint.s3(...)"));
            s3(endpoint, TestInfrastructure.ACCESS_KEY, TestInfrastructure.SECRET_KEY);
        }
        return s3;
    }

    /** Checks the manifest and its attachments; answers the SourceUrl. */
    String validate(String content, JsonNode request) {
        JsonNode manifest = manifest(content);
        if (!"2.0".equals(Json.text(manifest, "schemaVersion"))) {
            throw invalid("the manifest's schemaVersion must be 2.0");
        }
        String sourceUrl = sourceUrl(request);
        URI source = URI.create(sourceUrl);
        String bucket = source.getHost();
        String prefix = source.getPath() == null ? "" : source.getPath().replaceAll("^/+", "").replaceAll("/+$", "");
        JsonNode files = manifest.get("files");
        if (files == null || !files.isObject() || files.isEmpty()) {
            throw invalid("the manifest lists no files");
        }
        var names = files.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            String expected = files.path(name).path("checksums").path("sha256").asText("");
            String key = prefix.isEmpty() ? name : prefix + "/" + name;
            String actual = sha256Of(bucket, key);
            if (actual == null) {
                throw invalid("the attachment " + name + " is not at s3://" + bucket + "/" + key);
            }
            if (!actual.equalsIgnoreCase(expected)) {
                throw invalid("the attachment " + name + " has sha256 " + actual + ", the manifest says "
                        + expected);
            }
        }
        return sourceUrl;
    }

    /** The file names a manifest lists (empty when it is not one). */
    static List<String> fileNames(String content) {
        List<String> names = new ArrayList<>();
        try {
            Json.MAPPER.readTree(content).path("files").fieldNames().forEachRemaining(names::add);
        } catch (IOException e) {
            // Content was validated before it was stored; nothing to list otherwise.
        }
        return names;
    }

    private static JsonNode manifest(String content) {
        try {
            JsonNode manifest = Json.MAPPER.readTree(content);
            if (manifest == null || !manifest.isObject()) {
                throw invalid("the manifest is not a JSON object");
            }
            return manifest;
        } catch (IOException e) {
            throw invalid("the manifest is not JSON: " + e.getMessage());
        }
    }

    private static String sourceUrl(JsonNode request) {
        JsonNode attachments = request.get("Attachments");
        if (attachments != null && attachments.isArray()) {
            for (JsonNode attachment : attachments) {
                List<String> values = Json.texts(attachment, "Values");
                if ("SourceUrl".equals(Json.text(attachment, "Key")) && values.size() == 1
                        && values.get(0).startsWith("s3://")) {
                    return values.get(0);
                }
            }
        }
        throw invalid("a Package document needs Attachments [{Key: SourceUrl, Values: [s3://bucket/prefix]}]");
    }

    private String sha256Of(String bucket, String key) {
        try (InputStream in = client().getObject(b -> b.bucket(bucket).key(key))) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
                digesting.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchKeyException e) {
            return null;
        } catch (SdkException | IOException e) {
            if (e instanceof software.amazon.awssdk.services.s3.model.S3Exception s3e && s3e.statusCode() == 404) {
                return null;
            }
            throw new SsmError("InternalServerError", 500, "cannot read s3://" + bucket + "/" + key + ": " + e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SsmError invalid(String why) {
        return new SsmError("InvalidDocumentContent", "The Package document is not valid: " + why + ".");
    }

    @Override
    public synchronized void close() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }
}
