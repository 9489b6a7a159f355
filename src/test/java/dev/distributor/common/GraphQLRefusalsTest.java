package dev.distributor.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import dev.distributor.testing.GraphQL;

/**
 * Every refusal of the GraphQL endpoint carries a code from the catalogue and a message naming the limit and the
 * setting that bounds it (limits at their defaults: depth 12, complexity 2000, tokens 15000, 102400 bytes, 50
 * aliases, 5 operations).
 */
@QuarkusTest
class GraphQLRefusalsTest {

    @Test
    void aDocumentThatDoesNotParse_answersInvalidQueryWithTheLineAndColumn() {
        JsonPath error = GraphQL.error("""
                {
                  packages(first: 1 { totalCount }
                }
                """, Map.of());

        assertEquals("INVALID_QUERY", error.getString("extensions.code"));
        assertEquals(2, error.getInt("locations[0].line"));
        assertEquals(21, error.getInt("locations[0].column"));
        assertThat(error.getString("message"), containsString("line 2, column 21"));
    }

    @Test
    void aDocumentThatDoesNotFitTheSchema_answersInvalidQuery() {
        JsonPath error = GraphQL.error("{ noSuchField }", Map.of());

        assertEquals("INVALID_QUERY", error.getString("extensions.code"));
        assertThat(error.getString("message"), containsString("noSuchField"));
    }

    @Test
    void aDocumentOverTheTokenLimit_answersQueryTooLargeNamingTheLimit() {
        String document = "{ " + "a ".repeat(15_001) + "}";

        JsonPath error = GraphQL.error(document, Map.of());

        assertEquals("QUERY_TOO_LARGE", error.getString("extensions.code"));
        assertThat(error.getString("message"),
                containsString("15000 tokens (setting DISTRIBUTOR_GRAPHQL_MAX_TOKENS)"));
    }

    @Test
    void aDocumentOverTheByteLimit_answersQueryTooLargeNamingTheLimit() {
        String document = "# " + "x".repeat(102_400) + "\n{ __typename }";

        JsonPath error = GraphQL.error(document, Map.of());

        assertEquals("QUERY_TOO_LARGE", error.getString("extensions.code"));
        assertThat(error.getString("message"),
                containsString("the limit is 102400 (setting DISTRIBUTOR_GRAPHQL_MAX_BYTES)"));
    }

    @Test
    void aQueryDeeperThanTheLimit_answersQueryTooDeepNamingTheLimit() {
        JsonPath error = GraphQL.error("""
                { __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType {
                  ofType { name } } } } } } } } } } } } }
                """, Map.of());

        assertEquals("QUERY_TOO_DEEP", error.getString("extensions.code"));
        assertThat(error.getString("message"),
                containsString("13 levels deep; the limit is 12 (setting DISTRIBUTOR_GRAPHQL_MAX_DEPTH)"));
    }

    @Test
    void aQuerySelectingMoreFieldsThanTheLimit_answersQueryTooComplexNamingTheLimit() {
        String document = "{ packages(first: 1) { " + "totalCount ".repeat(2_001) + "} }";

        JsonPath error = GraphQL.error(document, Map.of());

        assertEquals("QUERY_TOO_COMPLEX", error.getString("extensions.code"));
        assertThat(error.getString("message"),
                containsString("the limit is 2000 (setting DISTRIBUTOR_GRAPHQL_MAX_COMPLEXITY)"));
    }

    @Test
    void fiftyAliasesPass_butFiftyOne_answerQueryTooComplexNamingTheLimit() {
        JsonPath fifty = GraphQL.ok(aliases(50), Map.of());
        assertEquals("Query", fifty.getString("a50"));

        JsonPath error = GraphQL.error(aliases(51), Map.of());

        assertEquals("QUERY_TOO_COMPLEX", error.getString("extensions.code"));
        assertThat(error.getString("message"),
                containsString("51 aliased fields; the limit is 50 (setting DISTRIBUTOR_GRAPHQL_MAX_ALIASES)"));
    }

    @Test
    void aDocumentWithMoreOperationsThanTheLimit_answersQueryTooLargeNamingTheLimit() {
        String document = IntStream.rangeClosed(1, 6)
                .mapToObj(i -> "query Q" + i + " { __typename }")
                .collect(Collectors.joining("\n"));

        JsonPath error = given().contentType(ContentType.JSON)
                .body(Map.of("query", document, "operationName", "Q1"))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("errors", hasSize(1))
                .extract().jsonPath().setRootPath("errors[0]");

        assertEquals("QUERY_TOO_LARGE", error.getString("extensions.code"));
        assertThat(error.getString("message"),
                containsString("6 operations; the limit is 5 (setting DISTRIBUTOR_GRAPHQL_MAX_OPERATIONS)"));
    }

    @Test
    void aBatchOfRequests_answersQueryTooLarge() {
        ValidatableResponse response = given().contentType(ContentType.JSON)
                .body("[{\"query\": \"{ __typename }\"}, {\"query\": \"{ __typename }\"}]")
                .when().post("/graphql")
                .then().statusCode(200);

        response.body("errors[0].extensions.code", equalTo("QUERY_TOO_LARGE"))
                .body("errors[0].message", containsString("one operation per request"));
    }

    @Test
    void aBodyThatIsNotJson_answersInvalidQuery() {
        given().contentType(ContentType.JSON)
                .body("{\"query\": ")
                .when().post("/graphql")
                .then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("INVALID_QUERY"));
    }

    private static String aliases(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> "a" + i + ": __typename")
                .collect(Collectors.joining(" ", "{ ", " }"));
    }
}
