package dev.distributor.catalog.rest;

import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.service.BundleService;
import dev.distributor.common.TempFiles;
import dev.distributor.common.VertxContexts;

/** Imports a bundle (ours, or one assembled by hand for AWS) as a new version, creating the package if needed. */
@Path("/api/packages/{name}/bundles")
public class BundleResource {

    private final BundleService bundles;

    public BundleResource(BundleService bundles) {
        this.bundles = bundles;
    }

    /** {@code curl -F bundle=@hello-1.0.0.zip [-F publish=true]}. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<VersionCreatedResponse>> importBundle(@RestPath String name,
            MultipartFormDataInput input) {
        var form = new FormFields(input, Set.of("bundle", "publish"));
        boolean publish = form.flag("publish");
        return TempFiles.withDirectory("distributor-parts-", scratch -> VertxContexts
                .blocking(() -> form.readFile("bundle", "a zip holding manifest.json and the files it lists "
                        + "(curl -F bundle=@bundle.zip).", scratch))
                .chain(bundle -> bundles.importBundle(name, bundle, publish)))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, VersionCreatedResponse.of(created)));
    }
}
