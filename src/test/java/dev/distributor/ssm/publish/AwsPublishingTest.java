package dev.distributor.ssm.publish;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.distributor.ssm.local.LocalSsmEndpoint;
import dev.distributor.ssm.local.LocalSsmEndpointResource;
import dev.distributor.ssm.local.PackageDocument;
import dev.distributor.ssm.local.SsmProfile;
import dev.distributor.testing.AuditEvents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.TestDatabase;

/**
 * Publishing versions to AWS Distributor through the real API, against the local SSM endpoint (real SDK client, SSM
 * JSON 1.1) and the test S3: the document, its versions and default as SSM holds them, and the files where its
 * SourceUrl says.
 */
@QuarkusTest
@TestProfile(SsmProfile.class)
class AwsPublishingTest {

    /** SsmProfile's {@code distributor.ssm.publish.bucket}. */
    private static final String BUCKET = "aws-distributor-test";

    private static final String PUBLISH = """
            mutation($p: String!, $v: String!) {
              publishToAwsDistributor(packageName: $p, version: $v) {
                packageName version documentName documentVersion sourceUrl state attempts requestedBy
                error { operation code message }
              }
            }
            """;

    private static final String WHERE_PUBLISHED = """
            query($n: String!) {
              package(name: $n) {
                awsDocument { name region account latestVersion defaultVersion defaultVersionName mirrorNote }
                versions { version awsPublication { documentVersion state attempts error { operation code } } }
              }
            }
            """;

    @BeforeAll
    static void publishBucketExists() {
        S3AsyncClient s3 = Arc.container().instance(S3AsyncClient.class).get();
        try {
            s3.headBucket(b -> b.bucket(BUCKET)).join();
        } catch (RuntimeException missing) {
            s3.createBucket(b -> b.bucket(BUCKET)).join();
        }
    }

    @AfterEach
    void noFaultsLeft() {
        ssm().faults().clear();
    }

    @Test
    void givenAPublishedVersion_publishingCreatesTheDocument_withItsManifest_andItsFilesAtTheSourceUrl() {
        String pkg = Catalog.createPackage("aws-pub");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);

        JsonPath published = publish(pkg, "1.0.0");

        assertThat(published.getString("state")).isEqualTo("PUBLISHED");
        assertThat(published.getString("documentVersion")).isEqualTo("1");
        String documentName = published.getString("documentName");
        assertThat(documentName).endsWith(pkg);
        String sourceUrl = "s3://" + BUCKET + "/distributor/" + pkg + "/1.0.0";
        assertThat(published.getString("sourceUrl")).isEqualTo(sourceUrl);

        PackageDocument document = ssm().documents().get(documentName);
        assertThat(document.versions()).hasSize(1);
        PackageDocument.Version version = document.versions().get(0);
        assertThat(version.versionName()).isEqualTo("1.0.0");
        assertThat(version.content()).isEqualTo(manifestOf(pkg, "1.0.0"));
        assertThat(version.sourceUrl()).isEqualTo(sourceUrl);
        assertThat(document.defaultVersion()).isEqualTo("1");

        assertThat(publishBucketKeys("distributor/" + pkg + "/"))
                .containsExactly("distributor/" + pkg + "/1.0.0/app-linux.zip");
        assertThat(publishBucketObject("distributor/" + pkg + "/1.0.0/app-linux.zip"))
                .isEqualTo(Catalog.linuxZip(pkg, "1.0.0"));

        JsonPath where = GraphQL.ok(WHERE_PUBLISHED, vars("n", pkg)).setRootPath("data.package");
        assertThat(where.getString("awsDocument.name")).isEqualTo(documentName);
        assertThat(where.getString("awsDocument.region")).isEqualTo(LocalSsmEndpoint.REGION);
        assertThat(where.getString("awsDocument.account")).isEqualTo("123456789012");
        assertThat(where.getString("awsDocument.latestVersion")).isEqualTo("1");
        assertThat(where.getString("awsDocument.defaultVersion")).isEqualTo("1");
        assertThat(where.getString("awsDocument.defaultVersionName")).isEqualTo("1.0.0");
        assertThat(where.getString("versions[0].awsPublication.state")).isEqualTo("PUBLISHED");
        assertThat(where.getString("versions[0].awsPublication.documentVersion")).isEqualTo("1");

        assertThat(AuditEvents.forPackage(pkg)).extracting(AuditEvents.Audited::action)
                .containsSubsequence("version.publishToAwsDistributor", "version.awsPublicationOutcome");
    }

    @Test
    void aSecondVersion_updatesTheDocument_asDocumentVersion2_andSetDefaultVersionIsMirrored() {
        String pkg = Catalog.createPackage("aws-upd");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        String documentName = publish(pkg, "1.0.0").getString("documentName");

        JsonPath second = publish(pkg, "2.0.0");

        assertThat(second.getString("documentVersion")).isEqualTo("2");
        PackageDocument document = ssm().documents().get(documentName);
        assertThat(document.versions()).extracting(PackageDocument.Version::versionName)
                .containsExactly("1.0.0", "2.0.0");
        assertThat(document.defaultVersion()).as("UpdateDocument leaves AWS's default where it was").isEqualTo("1");
        assertThat(publishBucketKeys("distributor/" + pkg + "/2.0.0/"))
                .containsExactly("distributor/" + pkg + "/2.0.0/app-linux.zip");

        int mirrorCalls = ssm().calls("UpdateDocumentDefaultVersion");
        GraphQL.ok("mutation($p: String!, $v: String!) { setDefaultVersion(packageName: $p, version: $v) { name } }",
                vars("p", pkg, "v", "2.0.0"));

        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> "2".equals(ssm().documents().get(documentName).defaultVersion()));
        assertThat(ssm().calls("UpdateDocumentDefaultVersion")).isGreaterThan(mirrorCalls);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath where = GraphQL.ok(WHERE_PUBLISHED, vars("n", pkg)).setRootPath("data.package.awsDocument");
            assertThat(where.getString("defaultVersion")).isEqualTo("2");
            assertThat(where.getString("defaultVersionName")).isEqualTo("2.0.0");
            assertThat(where.getString("latestVersion")).isEqualTo("2");
            assertThat(where.getString("mirrorNote")).isNull();
        });
    }

    @Test
    void aDefaultNotPublishedToAws_isNotMirrored_andTheReasonIsShown() {
        String pkg = Catalog.createPackage("aws-nomirror");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        String documentName = publish(pkg, "1.0.0").getString("documentName");

        GraphQL.ok("mutation($p: String!, $v: String!) { setDefaultVersion(packageName: $p, version: $v) { name } }",
                vars("p", pkg, "v", "2.0.0"));

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                GraphQL.ok(WHERE_PUBLISHED, vars("n", pkg)).getString("package.awsDocument.mirrorNote"))
                .contains("'2.0.0'", "not published to AWS Distributor"));
        assertThat(ssm().documents().get(documentName).defaultVersion()).isEqualTo("1");
    }

    @Test
    void aDraftVersion_isRefusedAsInvalidState_andNothingReachesAws() {
        String pkg = Catalog.createPackage("aws-draft");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);

        JsonPath error = GraphQL.error(PUBLISH, vars("p", pkg, "v", "1.0.0"));

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_STATE");
        assertThat(error.getString("extensions.state")).isEqualTo("DRAFT");
        assertThat(ssm().documents().keySet()).noneMatch(name -> name.endsWith(pkg));
        assertThat(publishBucketKeys("distributor/" + pkg + "/")).isEmpty();
    }

    @Test
    void aRefusalFromSsm_isRecordedWithSsmsErrorCode_andARetryAfterItClears_publishesOnce() {
        String pkg = Catalog.createPackage("aws-denied");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        ssm().faults().denyAccess("CreateDocument");

        JsonPath error = GraphQL.error(PUBLISH, vars("p", pkg, "v", "1.0.0"));

        assertThat(error.getString("extensions.code")).isEqualTo("AWS_PUBLISH_FAILED");
        // extensions.operation/awsErrorCode are set too, shown once application.properties lists them in
        // quarkus.smallrye-graphql.error-extension-fields; the message names both meanwhile.
        assertThat(error.getString("message")).contains("CreateDocument", "AccessDeniedException");
        JsonPath recorded = GraphQL.ok(WHERE_PUBLISHED, vars("n", pkg)).setRootPath("data.package.versions[0]");
        assertThat(recorded.getString("awsPublication.state")).isEqualTo("FAILED");
        assertThat(recorded.getString("awsPublication.error.operation")).isEqualTo("CreateDocument");
        assertThat(recorded.getString("awsPublication.error.code")).isEqualTo("AccessDeniedException");
        assertThat(ssm().documents().keySet()).noneMatch(name -> name.endsWith(pkg));

        ssm().faults().clear();
        JsonPath retried = publish(pkg, "1.0.0");

        assertThat(retried.getString("state")).isEqualTo("PUBLISHED");
        assertThat(retried.getString("documentVersion")).isEqualTo("1");
        assertThat(retried.getInt("attempts")).isEqualTo(2);
        assertThat(retried.getString("error")).isNull();
        assertThat(ssm().documents().get(retried.getString("documentName")).versions()).hasSize(1);
    }

    @Test
    void publishingTheSameVersionTwice_isIdempotent_andCallsSsmOnce() {
        String pkg = Catalog.createPackage("aws-twice");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        JsonPath first = publish(pkg, "1.0.0");
        int describes = ssm().calls("DescribeDocument");
        int creates = ssm().calls("CreateDocument");
        int updates = ssm().calls("UpdateDocument");

        JsonPath second = publish(pkg, "1.0.0");

        assertThat(second.getString("state")).isEqualTo("PUBLISHED");
        assertThat(second.getString("documentVersion")).isEqualTo(first.getString("documentVersion"));
        assertThat(second.getInt("attempts")).isEqualTo(1);
        assertThat(ssm().calls("DescribeDocument")).isEqualTo(describes);
        assertThat(ssm().calls("CreateDocument")).isEqualTo(creates);
        assertThat(ssm().calls("UpdateDocument")).isEqualTo(updates);
        assertThat(ssm().documents().get(first.getString("documentName")).versions()).hasSize(1);
    }

    @Test
    void givenSsmHoldsTheVersionButOurRecordWasLost_publishingAgainAdoptsIt_insteadOfCreatingIt() throws Exception {
        String pkg = Catalog.createPackage("aws-lost");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        String documentName = publish(pkg, "1.0.0").getString("documentName");
        // As if the service had died between CreateDocument's answer and its record.
        try (var db = TestDatabase.connect(); var delete = db.prepareStatement("""
                delete from aws_publication where package_id = (select id from package where name = ?)
                """)) {
            delete.setString(1, pkg);
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }
        int creates = ssm().calls("CreateDocument");
        int updates = ssm().calls("UpdateDocument");

        JsonPath again = publish(pkg, "1.0.0");

        assertThat(again.getString("state")).isEqualTo("PUBLISHED");
        assertThat(again.getString("documentVersion")).isEqualTo("1");
        assertThat(ssm().calls("CreateDocument")).isEqualTo(creates);
        assertThat(ssm().calls("UpdateDocument")).isEqualTo(updates);
        assertThat(ssm().documents().get(documentName).versions()).hasSize(1);
    }

    @Test
    void concurrentRequestsForOneVersion_makeOneDocumentVersion_theOthersAnswerItsState() throws Exception {
        String pkg = Catalog.createPackage("aws-race");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);

        List<CompletableFuture<JsonPath>> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            requests.add(CompletableFuture.supplyAsync(() -> publish(pkg, "1.0.0")));
        }
        List<JsonPath> answers = new ArrayList<>();
        for (CompletableFuture<JsonPath> request : requests) {
            answers.add(request.get(60, TimeUnit.SECONDS));
        }

        assertThat(answers).extracting(a -> a.getString("state")).allMatch(
                state -> state.equals("PUBLISHED") || state.equals("PUBLISHING")).contains("PUBLISHED");
        String documentName = answers.get(0).getString("documentName");
        assertThat(ssm().documents().get(documentName).versions()).hasSize(1);
        assertThat(GraphQL.ok(WHERE_PUBLISHED, vars("n", pkg)).getInt("package.versions[0].awsPublication.attempts"))
                .isEqualTo(1);
    }

    private static JsonPath publish(String pkg, String version) {
        return GraphQL.ok(PUBLISH, vars("p", pkg, "v", version)).setRootPath("data.publishToAwsDistributor");
    }

    private static String manifestOf(String pkg, String version) {
        return GraphQL.ok("query($n: String!, $v: String!) { package(name: $n) { version(version: $v) { manifest } } }",
                vars("n", pkg, "v", version)).getString("package.version.manifest");
    }

    private static LocalSsmEndpoint ssm() {
        return LocalSsmEndpointResource.endpoint();
    }

    private static List<String> publishBucketKeys(String prefix) {
        S3AsyncClient s3 = Arc.container().instance(S3AsyncClient.class).get();
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2(l -> l.bucket(BUCKET).prefix(prefix)).join().contents().stream().map(S3Object::key)
                .forEach(keys::add);
        return keys;
    }

    private static byte[] publishBucketObject(String key) {
        S3AsyncClient s3 = Arc.container().instance(S3AsyncClient.class).get();
        return s3.getObject(g -> g.bucket(BUCKET).key(key), AsyncResponseTransformer.toBytes()).join().asByteArray();
    }
}
