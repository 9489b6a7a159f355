package dev.distributor.ssm.publish.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("AwsCallError")
@Description("A call to AWS that failed: the operation, AWS's error code and its message.")
public record AwsCallError(
        @NonNull @Description("An SSM operation (CreateDocument, UpdateDocument, DescribeDocument, ...) or "
                + "\"S3 CopyObject\".") String operation,
        @Description("The error code AWS answered (AccessDeniedException, InvalidDocumentContent, NoSuchBucket, ...); "
                + "null when no answer came.") String code,
        @NonNull String message) {
}
