package dev.distributor.common.error;

/**
 * The one catalogue of error codes clients see in {@code extensions.code}. Codes are stable API: automation
 * scripts branch on them, so rename none and add new ones at the end of their group.
 */
public enum ErrorCode {
    /** A field is missing, malformed or out of range. {@code extensions.field} names it. */
    INVALID_INPUT,
    /** A package, version or file name does not match its allowed pattern. */
    INVALID_NAME,
    /** The manifest breaks a rule of the AWS Distributor format. {@code extensions.jsonPath} names where. */
    INVALID_MANIFEST,
    /**
     * An uploaded zip is unreadable or unsafe to unpack: a link, a name outside its root or not canonical, names that
     * collide, headers that disagree, overlapping entries, lying sizes, encryption. {@code extensions.entry} names it.
     */
    INVALID_ZIP,
    /** An uploaded zip expands past the configured size or entry count (zip bomb). */
    ZIP_TOO_LARGE,
    /** A zip lacks a script the platform or the action needs (install, uninstall, update). */
    MISSING_SCRIPT,
    /** The stored bytes do not hash to the sha256 the manifest or upload request declared. */
    CHECKSUM_MISMATCH,
    /** The stored object's size differs from the declared size. */
    SIZE_MISMATCH,
    /** A file the manifest names has not been uploaded to the artifact store. */
    ARTIFACT_NOT_UPLOADED,
    /**
     * Simple creation cannot build scripts for this installer file: supported are .deb, .rpm, .msi, .tar.gz/.tgz,
     * .exe, or a plain executable.
     */
    UNSUPPORTED_INSTALLER,
    /** The installer cannot run on a platform the package lists (an .msi for ubuntu). {@code extensions.field} names it. */
    INSTALLER_PLATFORM_MISMATCH,
    /**
     * The installer's bytes are not what its name says (a .deb that is not a Debian archive, an .exe without the MZ
     * header); the message names what was expected and shows the first bytes.
     */
    INVALID_INSTALLER,

    /** No package has this name. */
    PACKAGE_NOT_FOUND,
    /** The package has no version with this name. */
    VERSION_NOT_FOUND,
    /** A package with this name exists already. */
    PACKAGE_EXISTS,
    /** The package has a version with this name already. */
    VERSION_EXISTS,

    /** The operation does not fit the current state (publishing a deprecated version, say). */
    INVALID_STATE,
    /** The version is the default, deployed, or installed somewhere, so it cannot be removed or retired. */
    VERSION_IN_USE,
    /** A version of the package is in use, so the package cannot be deleted. */
    PACKAGE_IN_USE,

    /** The GraphQL document does not parse; the message gives the line and column. */
    INVALID_QUERY,
    /** The GraphQL document is over the token or size limit, or has too many aliases or operations. */
    QUERY_TOO_LARGE,
    /** The GraphQL query nests fields deeper than the configured limit. */
    QUERY_TOO_DEEP,
    /** The GraphQL query selects more fields than the configured complexity limit. */
    QUERY_TOO_COMPLEX,

    /** The artifact store (S3) could not be reached or refused the request. Retrying may help. */
    STORAGE_UNAVAILABLE,
    /** An unexpected failure; the server log has details under the request id. */
    INTERNAL,
    /**
     * No database connection was free within the wait (the service sheds load rather than queue without end). Retry
     * after a pause; HTTP 503. Counted in one WARN per interval, not logged per request.
     */
    SERVICE_BUSY,

    /** Agent API (docs/AGENT-PROTOCOL.md): no activation has this id, or the code is wrong. */
    ACTIVATION_INVALID,
    /** The activation's expiry has passed; create a new one. */
    ACTIVATION_EXPIRED,
    /** The activation has registered as many hosts as its limit allows. */
    ACTIVATION_EXHAUSTED,
    /**
     * An operator revoked the activation (revokeActivation): it registers no more hosts; create a new one. HTTP 410.
     */
    ACTIVATION_REVOKED,
    /** No activation has this id (revokeActivation). HTTP 404. */
    ACTIVATION_NOT_FOUND,
    /** A fact an agent reported is missing or malformed. {@code extensions.field} names it. */
    INVALID_FACTS,
    /**
     * A missing, unknown, revoked or malformed agent token, or a kind of token this API does not take; for operators, a
     * request without a valid OIDC access token (none, expired, another issuer, the wrong audience). HTTP 401.
     */
    UNAUTHORIZED,
    /** The caller is signed in but none of their roles grants what the operation needs (docs/SECURITY.md). HTTP 403. */
    FORBIDDEN,
    /** No agent command has this id. */
    COMMAND_NOT_FOUND,
    /** The command belongs to another instance. */
    COMMAND_NOT_YOURS,
    /** A status report names an unknown status or lacks a required field. {@code extensions.field} names it. */
    INVALID_STATUS,
    /** A reported output tail is longer than 24,000 characters after decoding. */
    OUTPUT_TOO_LARGE,
    /** The file relay is off, or no current command of this host names the file. */
    FILE_NOT_FOUND,
    /** No registered target has this instance id. */
    TARGET_NOT_FOUND,

    /** No deployment has this id. */
    DEPLOYMENT_NOT_FOUND,
    /** No rollout has this id. */
    ROLLOUT_NOT_FOUND,
    /** The deployment asks for the package's default version, and the package has none. */
    NO_DEFAULT_VERSION,
    /** The deployment's selector matches no registered target. */
    NO_TARGETS,

    /** The SSM driver is off ({@code DISTRIBUTOR_SSM_ENABLED=false}): nothing is sent to AWS Systems Manager. */
    SSM_DISABLED,
    /**
     * Publishing to AWS Distributor needs a bucket for the package files ({@code DISTRIBUTOR_SSM_PUBLISH_BUCKET}),
     * and none is set.
     */
    AWS_PUBLISH_NOT_CONFIGURED,
    /**
     * A call made while publishing to AWS Distributor failed and the publication is recorded FAILED;
     * {@code extensions.operation} names the call (an SSM operation or {@code S3 CopyObject}),
     * {@code extensions.awsErrorCode} the error code AWS answered (absent when no answer came). Publishing again
     * resumes where it stopped.
     */
    AWS_PUBLISH_FAILED
}
