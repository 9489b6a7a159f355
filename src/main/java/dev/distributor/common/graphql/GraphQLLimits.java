package dev.distributor.common.graphql;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bounds on what one GraphQL request may ask for ({@code distributor.graphql.*}), so a crafted document cannot
 * exhaust the service. Each refusal names the limit and the environment variable that sets it.
 */
@ConfigMapping(prefix = "distributor.graphql")
public interface GraphQLLimits {

    /** Deepest selection accepted (DISTRIBUTOR_GRAPHQL_MAX_DEPTH); deeper queries answer QUERY_TOO_DEEP. */
    @WithDefault("12")
    int maxDepth();

    /** Most fields one operation may select (DISTRIBUTOR_GRAPHQL_MAX_COMPLEXITY); more answer QUERY_TOO_COMPLEX. */
    @WithDefault("2000")
    int maxComplexity();

    /** Largest document in parser tokens (DISTRIBUTOR_GRAPHQL_MAX_TOKENS); more answer QUERY_TOO_LARGE. */
    @WithDefault("15000")
    int maxTokens();

    /** Largest document in UTF-8 bytes, variables not counted (DISTRIBUTOR_GRAPHQL_MAX_BYTES). */
    @WithDefault("102400")
    int maxBytes();

    /** Most aliased fields in one document (DISTRIBUTOR_GRAPHQL_MAX_ALIASES); more answer QUERY_TOO_COMPLEX. */
    @WithDefault("50")
    int maxAliases();

    /** Most operations in one document (DISTRIBUTOR_GRAPHQL_MAX_OPERATIONS); more answer QUERY_TOO_LARGE. */
    @WithDefault("5")
    int maxOperations();
}
