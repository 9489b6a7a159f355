package dev.distributor.fleet.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("TargetEvent")
@Description("A committed change of the fleet, numbered across the whole fleet without a gap (docs/FLEET-EVENTS.md).")
public record FleetEventType(
        int seq,
        @NonNull OffsetDateTime at,
        @NonNull @Description("TARGET_REGISTERED, TARGET_DEREGISTERED, TARGET_ONLINE, TARGET_OFFLINE, "
                + "INSTALLED_CHANGED or TAGS_CHANGED.") String type,
        @NonNull String instanceId,
        @NonNull @Description("The target's attributes right after the change.") TargetState target,
        @NonNull @Description("Details as a JSON object: INSTALLED_CHANGED has package, from and to (null: absent); "
                + "TAGS_CHANGED has tags and previousTags; the others none.") String details) {
}
