package dev.distributor.catalog.graphql;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("Where and how to upload a file's bytes. Send them with exactly this method, URL and headers.")
public record ArtifactUpload(
        @NonNull String fileName,
        @NonNull String sha256,
        @NonNull @Description("Content-addressed key in the bucket: artifacts/sha256/<hex>.") String key,
        @Description("True when these bytes are stored already: nothing to upload, url is null.") boolean alreadyStored,
        String method,
        String url,
        @NonNull List<@NonNull Header> headers,
        OffsetDateTime expiresAt) {

    @Description("An HTTP header the upload must carry.")
    public record Header(@NonNull String name, @NonNull String value) {
    }
}
