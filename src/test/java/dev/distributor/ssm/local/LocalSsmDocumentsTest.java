package dev.distributor.ssm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AttachmentsSource;
import software.amazon.awssdk.services.ssm.model.AttachmentsSourceKey;
import software.amazon.awssdk.services.ssm.model.CreateDocumentRequest;
import software.amazon.awssdk.services.ssm.model.DocumentAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.DuplicateDocumentContentException;
import software.amazon.awssdk.services.ssm.model.DuplicateDocumentVersionNameException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentContentException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentVersionException;

/**
 * The Package document operations of the local SSM endpoint, through the real SDK, with attachments in a real S3
 * (an S3Proxy of this test's own; Quarkus tests get TestInfrastructure's without configuring anything).
 */
class LocalSsmDocumentsTest {

    private static final String BUCKET = "aws-distributor-test";

    @TempDir
    static Path root;

    static S3ProxyJunitCore proxy;
    static S3Client s3;
    static LocalSsmEndpoint endpoint;
    static SsmClient ssm;

    @BeforeAll
    static void start() throws Exception {
        proxy = new S3ProxyJunitCore.Builder()
                .withCredentials(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
                .withBlobStoreProvider("filesystem")
                .build();
        proxy.beforeEach();
        s3 = S3Client.builder().endpointOverride(proxy.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        s3.createBucket(b -> b.bucket(BUCKET));
        endpoint = LocalSsmEndpoint.start(root).s3(proxy.getUri(), "access", "secret");
        ssm = SsmClient.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "s")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stop() {
        ssm.close();
        endpoint.close();
        s3.close();
        proxy.afterEach();
    }

    /** Puts a file under the package's prefix and answers the manifest of the version listing it. */
    private static String publish(String packageName, String version, String fileContent) throws Exception {
        String file = packageName + "_" + version + ".tar.gz";
        byte[] bytes = fileContent.getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(BUCKET).key("distributor/" + packageName + "/" + version + "/" + file),
                RequestBody.fromBytes(bytes));
        return manifest(version, file, sha256(bytes));
    }

    private static String manifest(String version, String file, String sha256) {
        return """
                {"schemaVersion": "2.0", "version": "%s", "publisher": "distributor",
                 "packages": {"linux": {"_any": {"x86_64": {"file": "%s"}}}},
                 "files": {"%s": {"checksums": {"sha256": "%s"}}}}
                """.formatted(version, file, file, sha256);
    }

    private static AttachmentsSource source(String packageName, String version) {
        return AttachmentsSource.builder().key(AttachmentsSourceKey.SOURCE_URL)
                .values("s3://" + BUCKET + "/distributor/" + packageName + "/" + version).build();
    }

    private static DocumentDescription create(String name, String version, String manifest) {
        return ssm.createDocument(CreateDocumentRequest.builder().name(name).content(manifest)
                .documentType(DocumentType.PACKAGE).documentFormat(DocumentFormat.JSON).versionName(version)
                .attachments(source(name, version)).build()).documentDescription();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void createDocumentChecksTheAttachmentsAndAnswersVersionOne() throws Exception {
        String name = "demo-" + System.nanoTime();
        String manifest = publish(name, "1.0", "payload 1.0");

        DocumentDescription created = create(name, "1.0", manifest);

        assertThat(created.name()).isEqualTo(name);
        assertThat(created.documentVersion()).isEqualTo("1");
        assertThat(created.versionName()).isEqualTo("1.0");
        assertThat(created.documentType()).isEqualTo(DocumentType.PACKAGE);
        assertThat(created.statusAsString()).isEqualTo("Active");
        assertThat(created.defaultVersion()).isEqualTo("1");
        assertThat(created.latestVersion()).isEqualTo("1");
        assertThat(created.attachmentsInformation()).extracting(a -> a.name()).containsExactly(name + "_1.0.tar.gz");
        assertThat(endpoint.documents().get(name).versions()).singleElement().satisfies(v -> {
            assertThat(v.content()).isEqualTo(manifest);
            assertThat(v.sourceUrl()).isEqualTo("s3://" + BUCKET + "/distributor/" + name + "/1.0");
        });
        assertThatThrownBy(() -> create(name, "1.0", manifest)).isInstanceOf(DocumentAlreadyExistsException.class);
    }

    @Test
    void aManifestWhoseFilesAreMissingOrDifferIsInvalidContent() throws Exception {
        String name = "broken-" + System.nanoTime();
        publish(name, "1.0", "the real bytes");
        String wrongSum = manifest("1.0", name + "_1.0.tar.gz", "0".repeat(64));
        String missing = manifest("1.0", "absent.tar.gz", "0".repeat(64));

        assertThatThrownBy(() -> create(name, "1.0", wrongSum)).isInstanceOf(InvalidDocumentContentException.class)
                .hasMessageContaining("sha256");
        assertThatThrownBy(() -> create(name, "1.0", missing)).isInstanceOf(InvalidDocumentContentException.class)
                .hasMessageContaining("absent.tar.gz");
        assertThatThrownBy(() -> create(name, "1.0", "{\"schemaVersion\": \"1.2\"}"))
                .isInstanceOf(InvalidDocumentContentException.class);
        assertThat(endpoint.documents()).doesNotContainKey(name);
    }

    @Test
    void updatesAddVersionsAndTheDefaultMovesOnlyWhenAsked() throws Exception {
        String name = "app-" + System.nanoTime();
        create(name, "1.0", publish(name, "1.0", "one"));

        DocumentDescription second = ssm.updateDocument(r -> r.name(name).content(publishQuietly(name, "1.1", "two"))
                .versionName("1.1").documentVersion("$LATEST").attachments(source(name, "1.1")))
                .documentDescription();

        assertThat(second.documentVersion()).isEqualTo("2");
        assertThat(second.latestVersion()).isEqualTo("2");
        assertThat(second.defaultVersion()).isEqualTo("1");
        assertThat(ssm.describeDocument(r -> r.name(name)).document().versionName()).isEqualTo("1.0");

        var moved = ssm.updateDocumentDefaultVersion(r -> r.name(name).documentVersion("2")).description();

        assertThat(moved.name()).isEqualTo(name);
        assertThat(moved.defaultVersion()).isEqualTo("2");
        assertThat(moved.defaultVersionName()).isEqualTo("1.1");
        assertThat(ssm.describeDocument(r -> r.name(name)).document().documentVersion()).isEqualTo("2");
        assertThat(ssm.describeDocument(r -> r.name(name).versionName("1.0")).document().documentVersion())
                .isEqualTo("1");
        assertThat(ssm.describeDocument(r -> r.name(name).documentVersion("1")).document().versionName())
                .isEqualTo("1.0");
        assertThat(endpoint.documents().get(name).defaultVersion()).isEqualTo("2");
    }

    @Test
    void updateRefusalsAreSsmErrors() throws Exception {
        String name = "strict-" + System.nanoTime();
        String first = publish(name, "1.0", "one");
        create(name, "1.0", first);
        String other = publish(name, "2.0", "two");

        assertThatThrownBy(() -> ssm.updateDocument(r -> r.name(name).content(other).versionName("1.0")
                .documentVersion("$LATEST").attachments(source(name, "2.0"))))
                .isInstanceOf(DuplicateDocumentVersionNameException.class);
        assertThatThrownBy(() -> ssm.updateDocument(r -> r.name(name).content(first).versionName("1.0b")
                .documentVersion("$LATEST").attachments(source(name, "1.0"))))
                .isInstanceOf(DuplicateDocumentContentException.class);
        assertThatThrownBy(() -> ssm.updateDocument(r -> r.name("nobody-" + name).content(other).versionName("2.0")
                .documentVersion("$LATEST").attachments(source(name, "2.0"))))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> ssm.updateDocumentDefaultVersion(r -> r.name(name).documentVersion("7")))
                .isInstanceOf(InvalidDocumentVersionException.class);
        assertThatThrownBy(() -> ssm.describeDocument(r -> r.name("nobody-" + name)))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> ssm.describeDocument(r -> r.name(name).versionName("9.9")))
                .isInstanceOf(InvalidDocumentException.class);
    }

    private static String publishQuietly(String name, String version, String content) {
        try {
            return publish(name, version, content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
