package dev.distributor.ssm.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import dev.distributor.catalog.artifact.ArtifactConfig;
import dev.distributor.common.VertxContexts;

/**
 * The shell agent (deploy/agent/distributor-agent.sh, in the jar under {@code agent/}) as an S3 object that SSM
 * commands download by a presigned URL: stored under {@code ssm/agent/sha256/<hex>} in the artifact bucket, a key
 * named by its content, so every replica and every version of the service writes its own script once and a command
 * always gets the exact bytes whose hash it checks. Read from the class path at startup (blocking there, never on the
 * event loop later).
 */
@Startup
@ApplicationScoped
public class AgentScriptObject {

    /** Where agent scripts live in the artifact bucket, beside {@code artifacts/} and {@code staging/}. */
    public static final String KEY_PREFIX = "ssm/agent/sha256/";

    private final S3AsyncClient s3;
    private final S3Presigner presigner;
    private final ArtifactConfig config;
    private final byte[] script;
    private final String sha256;
    private volatile boolean stored;

    public AgentScriptObject(S3AsyncClient s3, S3Presigner presigner, ArtifactConfig config) {
        this.s3 = s3;
        this.presigner = presigner;
        this.config = config;
        this.script = readScript();
        this.sha256 = sha256(script);
    }

    /** Lowercase hex sha256 of the agent script this service sends. */
    public String sha256() {
        return sha256;
    }

    /** The object key of the script. */
    public String key() {
        return KEY_PREFIX + sha256;
    }

    /**
     * A presigned GET of the script, valid for {@code validFor} (at most 7 days, SigV4's limit); stores the script
     * first when this replica has not yet seen it in the bucket. Failures of the store are S3's exceptions.
     */
    public Uni<URL> presignedUrl(Duration validFor) {
        return ensureStored().map(ignored -> presigner.presignGetObject(g -> g
                .signatureDuration(validFor)
                .getObjectRequest(o -> o.bucket(config.s3().bucket()).key(key())))
                .url());
    }

    /**
     * Puts the script under its key unless an object of its length is there already. A concurrent first call may put
     * it twice: the same bytes under the same key. What is under the key is not trusted: the command checks the
     * downloaded script's sha256 before running it.
     */
    Uni<Void> ensureStored() {
        if (stored) {
            return Uni.createFrom().voidItem();
        }
        String bucket = config.s3().bucket();
        return VertxContexts.resumeOnCaller(Uni.createFrom()
                .completionStage(() -> s3.headObject(h -> h.bucket(bucket).key(key())))
                .map(head -> head.contentLength() != null && head.contentLength() == script.length)
                .onFailure(AgentScriptObject::isMissing).recoverWithItem(false)
                .chain(present -> present
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().completionStage(() -> s3.putObject(p -> p.bucket(bucket).key(key())
                                .contentType("text/x-shellscript"), AsyncRequestBody.fromBytes(script)))
                                .replaceWithVoid())
                .invoke(() -> stored = true));
    }

    private static boolean isMissing(Throwable e) {
        Throwable cause = e.getCause() != null && !(e instanceof S3Exception) ? e.getCause() : e;
        return cause instanceof NoSuchKeyException || (cause instanceof S3Exception s3e && s3e.statusCode() == 404);
    }

    private static byte[] readScript() {
        try (InputStream in = AgentScriptObject.class.getResourceAsStream("/agent/distributor-agent.sh")) {
            if (in == null) {
                throw new IllegalStateException("agent/distributor-agent.sh is not in the jar: pom.xml copies "
                        + "deploy/agent");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
