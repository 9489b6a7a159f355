package dev.distributor.rollout.plan;

/** Why a target selected by a deployment gets no command. Skipped targets never count as success or as errors. */
public enum SkipReason {
    /** The manifest has no file for the target's platform, version and architecture. */
    NO_FILE_FOR_PLATFORM,
    /** The target has the version installed with the same arguments. */
    ALREADY_INSTALLED,
    /** An uninstall for a target that does not have the package. */
    NOT_INSTALLED,
    /** An uninstall of one version, and the target has another. */
    OTHER_VERSION_INSTALLED
}
