package dev.distributor.testing;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Sends GraphQL documents to the running service over HTTP, as any client would. */
public final class GraphQL {

    private GraphQL() {
    }

    /** Posts the document and returns the whole response body; the HTTP status must be 200. */
    public static JsonPath post(String document, Map<String, ?> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/graphql")
                .then().statusCode(200)
                .extract().jsonPath();
    }

    /** Posts and asserts there were no errors; returns {@code data}. */
    public static JsonPath ok(String document, Map<String, ?> variables) {
        JsonPath response = post(document, variables);
        List<Object> errors = response.getList("errors");
        if (errors != null && !errors.isEmpty()) {
            throw new AssertionError("GraphQL errors: " + response.prettify());
        }
        return new JsonPath(response.prettify()).setRootPath("data");
    }

    /** Posts, asserts exactly one error came back, and returns it (message, extensions.code, ...). */
    public static JsonPath error(String document, Map<String, ?> variables) {
        JsonPath response = post(document, variables);
        List<Object> errors = response.getList("errors");
        if (errors == null || errors.size() != 1) {
            throw new AssertionError("expected exactly one error: " + response.prettify());
        }
        return new JsonPath(response.prettify()).setRootPath("errors[0]");
    }

    public static Map<String, Object> vars(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
