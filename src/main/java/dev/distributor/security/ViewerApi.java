package dev.distributor.security;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;

/** The {@code viewer} query: who the caller is, for clients that adapt to the caller's roles. */
@GraphQLApi
public class ViewerApi {

    private final AccessControl access;

    public ViewerApi(AccessControl access) {
        this.access = access;
    }

    @Query("viewer")
    @Description("The caller and what they may do. Never refused: an unauthenticated caller gets no subject and no "
            + "permissions, so a client can tell it must sign in.")
    public Uni<@NonNull Viewer> viewer() {
        return access.viewer();
    }
}
