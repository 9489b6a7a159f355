package dev.distributor.ssm.publish.service;

/**
 * What mirroring a package's default to its SSM document does (pure, tested without SSM): AWS's default must be the
 * document version holding the package's default version, which needs that version published to AWS.
 *
 * @param kind what to do
 * @param documentVersion the document version to make the default ({@link Kind#SET}), else null
 * @param note why AWS's default cannot follow (recorded and shown on {@code Package.awsDocument}), else null
 */
public record MirrorDecision(Kind kind, String documentVersion, String note) {

    public enum Kind {
        /** Call UpdateDocumentDefaultVersion with {@link #documentVersion()}. */
        SET,
        /** AWS's default is the package's already (or the package has no default): record, call nothing. */
        NOTHING_TO_DO,
        /** The package's default is not published to AWS: record why, call nothing. */
        NOT_PUBLISHED
    }

    /**
     * @param packageDefault the package's default version (null: none)
     * @param publishedAs the document version the default is published as (null: not published to AWS)
     * @param awsDefault the document's default version as last known (null: unknown)
     */
    public static MirrorDecision decide(String packageDefault, String publishedAs, String awsDefault) {
        if (packageDefault == null) {
            return new MirrorDecision(Kind.NOTHING_TO_DO, null, null);
        }
        if (publishedAs == null) {
            return new MirrorDecision(Kind.NOT_PUBLISHED, null, "The default version '" + packageDefault + "' is not "
                    + "published to AWS Distributor, so AWS's default stays document version "
                    + (awsDefault == null ? "unknown" : awsDefault) + "; publish it with publishToAwsDistributor.");
        }
        if (publishedAs.equals(awsDefault)) {
            return new MirrorDecision(Kind.NOTHING_TO_DO, null, null);
        }
        return new MirrorDecision(Kind.SET, publishedAs, null);
    }
}
