package dev.distributor.catalog.repository;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.artifact.ZipContents;
import dev.distributor.catalog.domain.ArtifactEntity;
import dev.distributor.catalog.domain.ArtifactScript;

/** Verified artifacts by content hash, with the texts of their root scripts. */
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
        return Multi.createFrom().iterable(artifacts)
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
                        .executeUpdate()
                        .chain(() -> insertScripts(session, a)))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> insertScripts(Mutiny.Session session, ArtifactEntity artifact) {
        return Multi.createFrom().iterable(artifact.scriptTexts.entrySet())
                .onItem().transformToUniAndConcatenate(script -> {
                    String text = script.getValue();
                    boolean truncated = text.length() > ZipContents.MAX_SCRIPT_TEXT;
                    return session.createNativeQuery("""
                            insert into artifact_script (sha256, name, content, truncated)
                            values (:sha256, :name, :content, :truncated)
                            on conflict do nothing
                            """)
                            .setParameter("sha256", artifact.sha256)
                            .setParameter("name", script.getKey())
                            .setParameter("content", truncated ? text.substring(0, ZipContents.MAX_SCRIPT_TEXT) : text)
                            .setParameter("truncated", truncated)
                            .executeUpdate();
                })
                .collect().last()
                .replaceWithVoid();
    }

    /** Script texts of many artifacts in one query, ordered by artifact then name. */
    public Uni<List<ArtifactScript>> scriptsOf(Mutiny.Session session, Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session.createNativeQuery("""
                select sha256 as sha256, name as name, content as content, truncated as truncated
                from artifact_script
                where sha256 in (:ids) order by sha256, name
                """, Tuple.class)
                .setParameter("ids", sha256s)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(r -> new ArtifactScript(r.get("sha256", String.class), r.get("name", String.class),
                                r.get("content", String.class), r.get("truncated", Boolean.class)))
                        .toList());
    }
}
