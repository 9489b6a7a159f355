package dev.distributor.common.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import dev.distributor.common.error.ErrorCode;

import graphql.language.Document;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import graphql.parser.exceptions.ParseCancelledTooDeepException;
import graphql.parser.exceptions.ParseCancelledTooManyCharsException;

/**
 * Reads every GraphQL request over HTTP before SmallRye GraphQL does and refuses, with a catalogued code, what it
 * would otherwise answer without one: a body that is not one JSON request (batched arrays are not supported:
 * {@code QUERY_TOO_LARGE}), a document over {@link GraphQLLimits#maxBytes()} or the parser's token limit
 * ({@code QUERY_TOO_LARGE}), a syntax error ({@code INVALID_QUERY} with the line and column), more operations than
 * {@link GraphQLLimits#maxOperations()} ({@code QUERY_TOO_LARGE}: they only add to the document) or more aliases than
 * {@link GraphQLLimits#maxAliases()} ({@code QUERY_TOO_COMPLEX}: each alias runs its field again). A document that
 * passes goes on unchanged; SmallRye parses it again from its cache. Refusals answer HTTP 200 with
 * {@code errors[0].extensions.code}, as every other GraphQL refusal. Parsing is bounded by the limits above, so it
 * stays on the event loop as SmallRye's own does.
 */
@ApplicationScoped
public class GraphQLDocumentCheck {

    private static final int BEFORE_APPLICATION_ROUTES = -1;

    private final GraphQLLimits limits;
    private final String path;
    private final long maxBodySize;

    public GraphQLDocumentCheck(GraphQLLimits limits,
            @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql") String rootPath,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize maxBodySize) {
        this.limits = limits;
        this.path = rootPath.startsWith("/") ? rootPath : "/" + rootPath;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    /**
     * After the HTTP filters (authentication, the agent-token refusal: Quarkus orders a filter at minus its priority),
     * before SmallRye's own route, which Vert.x numbers from 0 in the order routes are added.
     */
    void register(@Observes Router router) {
        router.post(path)
                .order(BEFORE_APPLICATION_ROUTES)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodySize))
                .handler(this::check);
    }

    private void check(RoutingContext rc) {
        try {
            String document = document(rc);
            if (document != null) {
                checkDocument(document);
            }
            rc.next();
        } catch (QueryRefusal refusal) {
            rc.response().setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(body(refusal));
        }
    }

    /** The document the request carries, or null when there is none (SmallRye answers that case itself). */
    private static String document(RoutingContext rc) {
        String body = rc.body().asString();
        if (body == null || body.isBlank()) {
            return null;
        }
        String contentType = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("application/graphql")
                && !contentType.startsWith("application/graphql+json")
                && !contentType.startsWith("application/graphql-response+json")) {
            return body;
        }
        Object request;
        try {
            // SmallRye accepts raw line breaks and tabs (from text blocks) in the JSON; so do we.
            request = Json.decodeValue(body.replace('\n', ' ').replace('\t', ' '));
        } catch (DecodeException e) {
            throw new QueryRefusal(ErrorCode.INVALID_QUERY,
                    "The request body is not JSON: send {\"query\": ..., \"variables\": {...}}.");
        }
        if (request instanceof JsonArray batch) {
            throw new QueryRefusal(ErrorCode.QUERY_TOO_LARGE, "Batched requests (a JSON array of " + batch.size()
                    + " operations) are not accepted: send one operation per request.");
        }
        if (!(request instanceof JsonObject object) || !(object.getValue("query") instanceof String query)) {
            return null;
        }
        return query;
    }

    private void checkDocument(String document) {
        DocumentShape.checkBytes(document, limits);
        DocumentShape.checkShape(parse(document), limits);
    }

    private Document parse(String document) {
        ParserOptions options = ParserOptions.getDefaultOperationParserOptions().transform(o -> o
                .maxTokens(limits.maxTokens())
                .maxCharacters(Math.max(limits.maxBytes(), 1)));
        try {
            return Parser.parse(ParserEnvironment.newParserEnvironment()
                    .document(document)
                    .parserOptions(options)
                    .build());
        } catch (ParseCancelledTooDeepException e) {
            throw new QueryRefusal(ErrorCode.QUERY_TOO_DEEP, "The document nests deeper than the parser accepts.");
        } catch (ParseCancelledTooManyCharsException e) {
            throw new QueryRefusal(ErrorCode.QUERY_TOO_LARGE, "The document has more than " + limits.maxBytes()
                    + " characters (setting DISTRIBUTOR_GRAPHQL_MAX_BYTES).");
        } catch (ParseCancelledException e) {
            throw new QueryRefusal(ErrorCode.QUERY_TOO_LARGE, "The document has more than " + limits.maxTokens()
                    + " tokens (setting DISTRIBUTOR_GRAPHQL_MAX_TOKENS).");
        } catch (InvalidSyntaxException e) {
            SourceLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLine() + ", column " + at.getColumn();
            String token = e.getOffendingToken() == null ? "" : " near '" + e.getOffendingToken() + "'";
            throw new QueryRefusal(ErrorCode.INVALID_QUERY,
                    "The document does not parse" + where + token + ".",
                    at == null ? null : new SourceLocation(at.getLine(), at.getColumn()));
        }
    }

    private static String body(QueryRefusal refusal) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", refusal.getMessage());
        if (refusal.getLocations() != null) {
            error.put("locations", refusal.getLocations().stream()
                    .map(at -> Map.of("line", at.getLine(), "column", at.getColumn()))
                    .toList());
        }
        error.put("extensions", refusal.getExtensions());
        return new JsonObject(Map.of("errors", List.of(error))).encode();
    }
}
