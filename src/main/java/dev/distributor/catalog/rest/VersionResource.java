package dev.distributor.catalog.rest;

import java.nio.file.Path;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.distributor.catalog.service.BundleService;
import dev.distributor.catalog.service.VersionUploadService;
import dev.distributor.common.TempFiles;
import dev.distributor.common.VertxContexts;

/** Versions for curl users: create one with its zips in a single request, and download it as a bundle. */
@jakarta.ws.rs.Path("/api/packages/{name}/versions")
public class VersionResource {

    static final String ZIP = "application/zip";

    private final VersionUploadService uploads;
    private final BundleService bundles;

    public VersionResource(VersionUploadService uploads, BundleService bundles) {
        this.uploads = uploads;
        this.bundles = bundles;
    }

    /**
     * {@code curl -F manifest=@manifest.json -F file=@app-linux.zip [-F version=1.0.0] [-F publish=true]}: the same
     * checks as the GraphQL addPackageVersion, in one request.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<VersionCreatedResponse>> create(@RestPath String name, MultipartFormDataInput input) {
        var form = new FormFields(input, Set.of("manifest", "version", "publish", "file"));
        String version = form.text("version");
        boolean publish = form.flag("publish");
        return TempFiles.withDirectory("distributor-parts-", scratch -> VertxContexts
                .blocking(() -> new Parts(form.readManifest("manifest"), form.readFiles("file", scratch)))
                .chain(parts -> uploads.create(name, version == null || version.isBlank() ? null : version,
                        parts.manifest(), publish, parts.files())))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, VersionCreatedResponse.of(created)));
    }

    private record Parts(String manifest, java.util.List<dev.distributor.catalog.service.IncomingFile> files) {
    }

    /** The version as one zip: manifest.json byte for byte, and every file under its manifest name. */
    @GET
    @jakarta.ws.rs.Path("/{version}/bundle")
    @Produces(ZIP)
    public Uni<RestResponse<Path>> bundle(@RestPath String name, @RestPath String version, RoutingContext routing) {
        return bundles.export(name, version).map(bundle -> {
            deleteWhenSent(routing, bundle.directory());
            return RestResponse.ResponseBuilder.ok(bundle.zip(), ZIP)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + bundle.fileName() + "\"")
                    .build();
        });
    }

    private static void deleteWhenSent(RoutingContext routing, Path directory) {
        if (routing.response().ended() || routing.response().closed()) {
            routing.vertx().executeBlocking(() -> TempFiles.deleteTree(directory), false);
            return;
        }
        routing.addEndHandler(ended -> routing.vertx().executeBlocking(() -> TempFiles.deleteTree(directory), false));
    }
}
