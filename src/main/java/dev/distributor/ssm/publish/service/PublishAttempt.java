package dev.distributor.ssm.publish.service;

import java.util.List;

import dev.distributor.ssm.publish.service.PackageDocuments.VersionDocument;
import dev.distributor.ssm.publish.service.PackageFileCopier.FileToCopy;

/**
 * Everything one claimed attempt needs once its transaction has committed: which row it holds (version and attempt
 * number, so a late finish never overwrites an attempt that took over), where the files go and the document version
 * to make.
 */
record PublishAttempt(long versionId, int number, String packageName, String version, String bucket,
        String keyPrefix, List<FileToCopy> files, VersionDocument document) {

    String resource() {
        return "package/" + packageName + "/version/" + version;
    }
}
