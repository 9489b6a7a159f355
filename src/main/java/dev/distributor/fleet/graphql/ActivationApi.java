package dev.distributor.fleet.graphql;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.Tags;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.graphql.Tag;
import dev.distributor.common.graphql.TagInput;
import dev.distributor.fleet.service.ActivationService;
import dev.distributor.fleet.service.ActivationService.NewActivation;

/** Activations: the codes hosts trade for an identity when their agent registers. */
@GraphQLApi
public class ActivationApi {

    private static final int MAX_HOURS = 24 * 30;

    private final ActivationService activations;

    public ActivationApi(ActivationService activations) {
        this.activations = activations;
    }

    @Input("CreateActivationInput")
    public record CreateActivationInput(
            String description,
            @NonNull @Description("Account every registering host is placed in.") String account,
            @NonNull @Description("Region every registering host is placed in.") String region,
            @Description("Tags every registering host starts with.") List<TagInput> defaultTags,
            @Description("How many hosts may register with it (default 1).") Integer registrationLimit,
            @Description("Hours until it expires, 1-720 (default 24).") Integer expiresInHours) {
    }

    @Name("Activation")
    @Description("A registration code for agents, like an SSM hybrid activation.")
    public record ActivationType(
            @NonNull String id,
            @Description("The code, shown only in createActivation's answer; only its hash is stored.") String code,
            String description,
            @NonNull String account,
            @NonNull String region,
            @NonNull List<@NonNull Tag> defaultTags,
            int registrationLimit,
            @Description("How many hosts have registered with it so far.") int registrations,
            @NonNull OffsetDateTime expiresAt,
            @Description("When revokeActivation revoked it (it registers no more hosts from then on); null while it "
                    + "is usable.") OffsetDateTime revokedAt) {
    }

    @Mutation
    @Description("Creates an activation. Give its id and code to the agent installer on each host; account, region "
            + "and tags come from here, never from the host.")
    public Uni<@NonNull ActivationType> createActivation(@NonNull CreateActivationInput input) {
        int limit = input.registrationLimit() == null ? 1 : input.registrationLimit();
        int hours = input.expiresInHours() == null ? 24 : input.expiresInHours();
        if (hours < 1 || hours > MAX_HOURS) {
            throw DistributorException.invalidInput("expiresInHours",
                    "expiresInHours must be between 1 and " + MAX_HOURS + ".");
        }
        var request = new NewActivation(input.description(), input.account(), input.region(),
                Tags.fromInputs("defaultTags", input.defaultTags()), limit, Duration.ofHours(hours));
        return activations.create(request).map(a -> new ActivationType(a.id().toString(), a.code(), a.description(),
                a.account(), a.region(),
                a.defaultTags().entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList(),
                a.registrationLimit(), 0, a.expiresAt(), null));
    }

    @Mutation
    @Description("Revokes an activation: from now on a registration with it is refused with ACTIVATION_REVOKED (HTTP "
            + "410 on /agent/v1/register), also one racing this call. Hosts it registered keep working; remove one "
            + "with deregisterTarget. Revoking a revoked activation is allowed and changes nothing (revokedAt stays "
            + "the first revocation's time). Needs the admin role. Errors: ACTIVATION_NOT_FOUND (no activation has "
            + "this id), INVALID_INPUT (an empty id), UNAUTHORIZED, FORBIDDEN.")
    public Uni<@NonNull ActivationType> revokeActivation(
            @NonNull @Description("The activation's id, as createActivation answered it.") String id) {
        return activations.revoke(id).map(a -> new ActivationType(a.id().toString(), null, a.description(),
                a.account(), a.region(),
                a.defaultTags().entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList(),
                a.registrationLimit(), a.registrations(), a.expiresAt(), a.revokedAt()));
    }
}
