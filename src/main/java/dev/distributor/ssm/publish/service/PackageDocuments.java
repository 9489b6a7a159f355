package dev.distributor.ssm.publish.service;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.AttachmentsSource;
import software.amazon.awssdk.services.ssm.model.AttachmentsSourceKey;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;

import dev.distributor.common.VertxContexts;
import dev.distributor.ssm.client.SsmCalls;
import dev.distributor.ssm.client.SsmFailure;

/**
 * The SSM side of publishing (AWS API reference: CreateDocument, UpdateDocument, DescribeDocument,
 * UpdateDocumentDefaultVersion), every call through {@link SsmCalls}. A version is a document version whose
 * {@code VersionName} is the version's name, so a version already published (by an attempt whose answer was lost, or
 * by another replica) is found by {@code DescribeDocument} and adopted instead of created twice.
 */
@ApplicationScoped
public class PackageDocuments {

    private static final Logger LOG = Logger.getLogger(PackageDocuments.class);

    /** DescribeDocument's answers for a document, or a version name, that does not exist. */
    private static final Set<String> NOT_FOUND = Set.of("InvalidDocument", "InvalidDocumentVersion");

    private final SsmAsyncClient client;
    private final SsmCalls calls;

    public PackageDocuments(SsmAsyncClient client, SsmCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    /** One version to publish: the document, the manifest as its content, the version name and the files' folder. */
    public record VersionDocument(String documentName, String manifest, String versionName, String sourceUrl) {
    }

    /**
     * What SSM holds after publishing: the document version of this version, the document's latest and default
     * versions (SSM numbers versions "1", "2", ...), and whether this call created the document.
     */
    public record Published(String documentVersion, String latestVersion, String defaultVersion,
            String defaultVersionName, boolean created) {

        static Published of(DocumentDescription d, boolean created) {
            // DocumentDescription names only the version it describes; that name is the default's when it is it.
            String defaultName = d.documentVersion() != null && d.documentVersion().equals(d.defaultVersion())
                    ? d.versionName()
                    : null;
            return new Published(d.documentVersion(), d.latestVersion(), d.defaultVersion(), defaultName, created);
        }
    }

    /**
     * Makes the version a document version: adopts the one named like it when it exists, else creates the document
     * (its first version, also its default) or adds a version ({@code UpdateDocument} on {@code $LATEST}; AWS keeps
     * the default where it was).
     *
     * @throws SsmFailure as a failed {@link Uni}, when SSM refused a call or did not answer
     */
    public Uni<Published> publish(VersionDocument version) {
        return describe(version.documentName(), version.versionName())
                .chain(existing -> existing != null
                        ? Uni.createFrom().item(Published.of(existing, false))
                        : describe(version.documentName(), null)
                                .chain(document -> document == null ? create(version) : update(version)));
    }

    /** Sets the document's default version; answers the default version's name as SSM reports it. */
    public Uni<String> setDefault(String documentName, String documentVersion) {
        return ssm("UpdateDocumentDefaultVersion", () -> client.updateDocumentDefaultVersion(r -> r
                .name(documentName)
                .documentVersion(documentVersion)))
                .map(response -> response.description() == null ? null : response.description().defaultVersionName());
    }

    /** The document, or the version named {@code versionName} of it; null when there is none. */
    private Uni<DocumentDescription> describe(String documentName, String versionName) {
        return ssm("DescribeDocument",
                () -> client.describeDocument(r -> r.name(documentName).versionName(versionName)))
                .map(response -> response.document())
                .onFailure(e -> e instanceof SsmFailure f && NOT_FOUND.contains(f.errorCode())).recoverWithNull();
    }

    private Uni<Published> create(VersionDocument version) {
        return ssm("CreateDocument", () -> client.createDocument(r -> r
                .name(version.documentName())
                .content(version.manifest())
                .documentType(DocumentType.PACKAGE)
                .documentFormat(DocumentFormat.JSON)
                .versionName(version.versionName())
                .attachments(sourceUrl(version))))
                .map(response -> Published.of(response.documentDescription(), true))
                // Created meanwhile (another replica, or our own call whose answer was lost): add the version instead.
                .onFailure(e -> codeIs(e, "DocumentAlreadyExists")).recoverWithUni(() -> update(version));
    }

    private Uni<Published> update(VersionDocument version) {
        return ssm("UpdateDocument", () -> client.updateDocument(r -> r
                .name(version.documentName())
                .content(version.manifest())
                .documentFormat(DocumentFormat.JSON)
                .versionName(version.versionName())
                .documentVersion("$LATEST")
                .attachments(sourceUrl(version))))
                .map(response -> Published.of(response.documentDescription(), false))
                // The version exists already (an earlier call whose answer was lost): adopt it.
                .onFailure(e -> codeIs(e, "DuplicateDocumentVersionName"))
                .recoverWithUni(() -> adopt(version));
    }

    private Uni<Published> adopt(VersionDocument version) {
        LOG.infof("SSM document %s has version %s already; adopting it", version.documentName(),
                version.versionName());
        return describe(version.documentName(), version.versionName()).map(found -> {
            if (found == null) {
                throw new IllegalStateException("SSM reported version " + version.versionName() + " of "
                        + version.documentName() + " as existing, then did not describe it");
            }
            return Published.of(found, false);
        });
    }

    private static AttachmentsSource sourceUrl(VersionDocument version) {
        return AttachmentsSource.builder().key(AttachmentsSourceKey.SOURCE_URL).values(version.sourceUrl()).build();
    }

    private static boolean codeIs(Throwable e, String code) {
        return e instanceof SsmFailure f && code.equals(f.errorCode());
    }

    private <T> Uni<T> ssm(String operation,
            java.util.function.Supplier<java.util.concurrent.CompletableFuture<T>> call) {
        // SSM's futures complete on SDK threads; the publication is recorded next, on the caller's Vert.x context.
        return VertxContexts.resumeOnCaller(calls.idempotent(operation, call));
    }
}
