package dev.distributor.ssm.publish.service;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;
import dev.distributor.ssm.publish.domain.AwsDocumentEntity;
import dev.distributor.ssm.publish.domain.AwsPublicationEntity;
import dev.distributor.ssm.publish.repository.AwsPublicationRepository;

/** Where versions and packages are published to AWS Distributor, for batched GraphQL fields: one query per batch. */
@ApplicationScoped
public class AwsPublicationReads {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final AwsPublicationRepository publications;

    public AwsPublicationReads(AccessControl access, UnitOfWork unitOfWork, AwsPublicationRepository publications) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.publications = publications;
    }

    /** The publication of each version, in the order given; null where a version has none. */
    public Uni<List<AwsPublicationEntity>> publicationsOf(List<Long> versionIds) {
        if (versionIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return access.require(Permission.VIEW, "version.awsPublication")
                .chain(viewer -> unitOfWork.read(session -> publications.publicationsOf(session, versionIds)))
                .map(rows -> inOrder(versionIds, rows, r -> r.versionId));
    }

    /** The SSM document of each package, in the order given; null where a package has none. */
    public Uni<List<AwsDocumentEntity>> documentsOf(List<Long> packageIds) {
        if (packageIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return access.require(Permission.VIEW, "package.awsDocument")
                .chain(viewer -> unitOfWork.read(session -> publications.documentsOf(session, packageIds)))
                .map(rows -> inOrder(packageIds, rows, r -> r.packageId));
    }

    private static <T> List<T> inOrder(List<Long> ids, List<T> rows, Function<T, Long> idOf) {
        Map<Long, T> byId = rows.stream().collect(Collectors.toMap(idOf, Function.identity()));
        return ids.stream().map(byId::get).toList();
    }
}
