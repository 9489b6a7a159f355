package dev.distributor.ssm.publish.domain;

/**
 * Where a version's publication to AWS Distributor stands. {@link #PUBLISHING}: an attempt holds it (copying files or
 * calling SSM); {@link #PUBLISHED}: the SSM document has a version for it; {@link #FAILED}: the last attempt failed
 * (the error says which call and why); publishing again resumes.
 */
public enum AwsPublicationState {
    PUBLISHING, PUBLISHED, FAILED
}
