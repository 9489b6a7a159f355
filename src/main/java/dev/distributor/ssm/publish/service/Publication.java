package dev.distributor.ssm.publish.service;

import dev.distributor.ssm.publish.domain.AwsPublicationEntity;

/** A version's publication to AWS Distributor as the service answers it: the version it is of, and its record. */
public record Publication(String packageName, String version, AwsPublicationEntity record) {
}
