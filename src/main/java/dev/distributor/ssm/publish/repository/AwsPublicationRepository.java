package dev.distributor.ssm.publish.repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.ssm.publish.domain.AwsDocumentEntity;
import dev.distributor.ssm.publish.domain.AwsPublicationEntity;

/** The rows of AWS Distributor publishing (V17): publications per version, documents per package. */
@ApplicationScoped
public class AwsPublicationRepository {

    /**
     * The version's publication with its row locked, or null when it has none; the version row is locked first, so
     * two first requests for one version queue here instead of both inserting.
     */
    public Uni<AwsPublicationEntity> lockPublication(Mutiny.Session session, long versionId) {
        return session.createNativeQuery("select cast(id as text) from package_version where id = :id for update")
                .setParameter("id", versionId)
                .getSingleResultOrNull()
                .chain(() -> session.find(AwsPublicationEntity.class, versionId, LockMode.PESSIMISTIC_WRITE));
    }

    public Uni<AwsPublicationEntity> findPublication(Mutiny.Session session, long versionId) {
        return session.find(AwsPublicationEntity.class, versionId);
    }

    /** Publications of many versions (absent ones left out), one query. */
    public Uni<List<AwsPublicationEntity>> publicationsOf(Mutiny.Session session, Collection<Long> versionIds) {
        return session.createSelectionQuery("from AwsPublicationEntity where versionId in :ids",
                AwsPublicationEntity.class)
                .setParameter("ids", versionIds)
                .getResultList();
    }

    /** The PUBLISHED publication of the package's version named {@code version} (ignoring case), or null. */
    public Uni<AwsPublicationEntity> publishedVersion(Mutiny.Session session, long packageId, String version) {
        return session.createSelectionQuery("""
                select p from AwsPublicationEntity p, PackageVersionEntity v
                where v.id = p.versionId and v.packageId = :pkg and lower(v.version) = lower(:version)
                  and p.state = dev.distributor.ssm.publish.domain.AwsPublicationState.PUBLISHED
                """, AwsPublicationEntity.class)
                .setParameter("pkg", packageId)
                .setParameter("version", version)
                .getSingleResultOrNull();
    }

    /** Documents of many packages (absent ones left out), one query. */
    public Uni<List<AwsDocumentEntity>> documentsOf(Mutiny.Session session, Collection<Long> packageIds) {
        return session.createSelectionQuery("from AwsDocumentEntity where packageId in :ids", AwsDocumentEntity.class)
                .setParameter("ids", packageIds)
                .getResultList();
    }

    public Uni<AwsDocumentEntity> findDocument(Mutiny.Session session, long packageId) {
        return session.find(AwsDocumentEntity.class, packageId);
    }

    /** The package's document row, locked: a publication and a mirror run may record into it at once. */
    public Uni<AwsDocumentEntity> lockDocument(Mutiny.Session session, long packageId) {
        return session.find(AwsDocumentEntity.class, packageId, LockMode.PESSIMISTIC_WRITE);
    }

    /** The package's document row, created when missing (a concurrent creation is no error). */
    public Uni<AwsDocumentEntity> ensureDocument(Mutiny.Session session, long packageId, String documentName,
            OffsetDateTime now) {
        return session.createNativeQuery("""
                insert into aws_document (package_id, document_name, created_at, updated_at)
                values (:pkg, :name, :now, :now)
                on conflict (package_id) do nothing
                """)
                .setParameter("pkg", packageId)
                .setParameter("name", documentName)
                .setParameter("now", now)
                .executeUpdate()
                .chain(() -> session.find(AwsDocumentEntity.class, packageId, LockMode.PESSIMISTIC_WRITE));
    }

    /**
     * Claims up to {@code limit} documents whose default needs mirroring: the package's default changed since the last
     * mirror run ({@code default_version_seq}, V12) or a publication finished since; rows another run holds (claimed
     * until a later time, or locked right now) are skipped. The claim is committed with the caller's transaction, so
     * no lock is held while SSM is called.
     *
     * @return the package ids claimed
     */
    public Uni<List<Long>> claimMirrorsDue(Mutiny.Session session, OffsetDateTime now, OffsetDateTime until,
            int limit) {
        return session.createNativeQuery("""
                update aws_document set mirror_claimed_until = :until
                where package_id in (
                    select d.package_id from aws_document d join package p on p.id = d.package_id
                    where (d.mirrored_seq is distinct from p.default_version_seq
                           or d.mirrored_publications <> d.publications)
                      and (d.mirror_claimed_until is null or d.mirror_claimed_until < :now)
                    order by d.package_id
                    limit :limit
                    for update of d skip locked)
                returning package_id
                """, Long.class)
                .setParameter("until", until)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
    }
}
