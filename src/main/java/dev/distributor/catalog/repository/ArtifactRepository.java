package dev.distributor.catalog.repository;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.domain.ArtifactEntity;

/** Verified artifacts by content hash. */
@ApplicationScoped
public class ArtifactRepository {

    public Uni<Map<String, ArtifactEntity>> findAll(Mutiny.Session session, Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return session.createSelectionQuery("from ArtifactEntity where sha256 in :ids", ArtifactEntity.class)
                .setParameter("ids", sha256s)
                .getResultList()
                .map(list -> list.stream().collect(Collectors.toMap(a -> a.sha256, Function.identity())));
    }

    public Uni<ArtifactEntity> find(Mutiny.Session session, String sha256) {
        return session.find(ArtifactEntity.class, sha256);
    }

    /**
     * Records artifacts verified outside the transaction. Another request may have verified the same bytes meanwhile,
     * so an existing row wins quietly instead of failing the whole version.
     */
    public Uni<Void> insertMissing(Mutiny.Session session, List<ArtifactEntity> artifacts) {
        return io.smallrye.mutiny.Multi.createFrom().iterable(artifacts)
                .onItem().transformToUniAndConcatenate(a -> session.createNativeQuery("""
                        insert into artifact (sha256, size, s3_key, entry_count, expanded_size, root_scripts)
                        values (:sha256, :size, :key, :entries, :expanded, :scripts)
                        on conflict (sha256) do nothing
                        """)
                        .setParameter("sha256", a.sha256)
                        .setParameter("size", a.size)
                        .setParameter("key", a.s3Key)
                        .setParameter("entries", a.entryCount)
                        .setParameter("expanded", a.expandedSize)
                        .setParameter("scripts", String.join(",", a.rootScripts))
                        .executeUpdate())
                .collect().last()
                .replaceWithVoid();
    }
}
