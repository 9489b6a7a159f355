package dev.distributor.ssm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.AttachmentsSource;
import software.amazon.awssdk.services.ssm.model.AttachmentsSourceKey;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;

import dev.distributor.ssm.SsmConfig;

/**
 * {@link SsmProfile} wires the application to the local endpoint: the injected SSM client (static credentials) reaches
 * it, and Package documents are checked against the application's own test S3.
 */
@QuarkusTest
@TestProfile(SsmProfile.class)
class SsmProfileTest {

    @Inject
    SsmAsyncClient ssm;

    @Inject
    S3Client s3;

    @Inject
    SsmConfig config;

    @Test
    void theProfileTurnsTheDriverOnWithTestTimings() {
        assertThat(config.enabled()).isTrue();
        assertThat(config.pollInterval()).isEqualTo(java.time.Duration.ofMillis(300));
        assertThat(config.account()).isEqualTo("123456789012");
    }

    @Test
    void theApplicationsSsmClientTalksToTheLocalEndpoint() {
        ManagedInstance instance = LocalSsmEndpointResource.endpoint()
                .addInstance(LocalSsmEndpoint.newManagedInstanceId());

        var listed = ssm.describeInstanceInformation(r -> r.filters(InstanceInformationStringFilter.builder()
                .key("InstanceIds").values(instance.instanceId()).build())).join().instanceInformationList();

        assertThat(listed).extracting(InstanceInformation::instanceId).containsExactly(instance.instanceId());
    }

    @Test
    void packageAttachmentsAreReadFromTheTestS3() throws Exception {
        String bucket = "aws-distributor-test";
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        String name = "profile-" + System.nanoTime();
        byte[] bytes = "bytes".getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(bucket).key("p/" + name + "/a.tar.gz"), RequestBody.fromBytes(bytes));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        String manifest = """
                {"schemaVersion": "2.0", "version": "1", "packages": {}, "files": {"a.tar.gz": {"checksums": {"sha256": "%s"}}}}
                """
                .formatted(sha256);

        var created = ssm.createDocument(r -> r.name(name).content(manifest).documentType(DocumentType.PACKAGE)
                .versionName("1").attachments(AttachmentsSource.builder().key(AttachmentsSourceKey.SOURCE_URL)
                        .values("s3://" + bucket + "/p/" + name).build()))
                .join().documentDescription();

        assertThat(created.documentVersion()).isEqualTo("1");
        assertThat(LocalSsmEndpointResource.endpoint().documents()).containsKey(name);
    }
}
