package bench.hello;

import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Query;

/**
 * The baseline's GraphQL API: one query, because SmallRye GraphQL serves a schema (and so {@code { __typename }}) only
 * when there is at least one.
 */
@GraphQLApi
public class HelloQueries {

    /** {@code { hello }}: a constant text. */
    @Query("hello")
    public String hello() {
        return "hello";
    }
}
