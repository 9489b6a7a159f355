package dev.distributor.common.graphql;

import io.quarkus.arc.Arc;
import io.smallrye.graphql.spi.EventingService;

import graphql.GraphQL;

/**
 * Adds {@link QueryChecks} to the GraphQL engine SmallRye builds, through SmallRye GraphQL's {@link EventingService}
 * SPI (found by {@link java.util.ServiceLoader} in {@code META-INF/services}).
 * <p>
 * Why not the CDI event for {@code GraphQL.Builder}: turning CDI events on
 * ({@code quarkus.smallrye-graphql.events.enabled}) also fires an event before and after every field of every query,
 * and ArC resolved the observers of each anew: about 8% of the event loops' time in a profile of
 * {@code packages(first: 50)} with versions and files (docs/PERFORMANCE.md). This hook has no config key, so SmallRye
 * always calls it, and does nothing per field.
 */
public class QueryChecksHook implements EventingService {

    /** None: SmallRye calls a service without a key whatever the configuration. */
    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        Arc.container().instance(QueryChecks.class).get().addLimits(builder);
        return builder;
    }
}
