package dev.distributor.common.graphql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.distributor.common.error.ErrorCode;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.Node;
import graphql.language.OperationDefinition;

/**
 * The size and shape limits of {@link GraphQLLimits} that a parsed document must keep: bytes, operations, aliases.
 * Checked on the HTTP route before SmallRye ({@link GraphQLDocumentCheck}) and again at execution for every transport
 * ({@link QueryChecks}), so a subscription over WebSocket is held to them too.
 */
final class DocumentShape {

    private DocumentShape() {
    }

    /** Refuses a document over {@link GraphQLLimits#maxBytes()} UTF-8 bytes with {@code QUERY_TOO_LARGE}. */
    static void checkBytes(String document, GraphQLLimits limits) {
        int bytes = document.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxBytes()) {
            throw new QueryRefusal(ErrorCode.QUERY_TOO_LARGE, "The document has " + bytes + " bytes; the limit is "
                    + limits.maxBytes() + " (setting DISTRIBUTOR_GRAPHQL_MAX_BYTES).");
        }
    }

    /**
     * Refuses more operations than {@link GraphQLLimits#maxOperations()} ({@code QUERY_TOO_LARGE}: they only add to
     * the document) or more aliased fields than {@link GraphQLLimits#maxAliases()} ({@code QUERY_TOO_COMPLEX}: each
     * alias runs its field again).
     */
    static void checkShape(Document parsed, GraphQLLimits limits) {
        List<OperationDefinition> operations = parsed.getDefinitionsOfType(OperationDefinition.class);
        if (operations.size() > limits.maxOperations()) {
            throw new QueryRefusal(ErrorCode.QUERY_TOO_LARGE, "The document has " + operations.size()
                    + " operations; the limit is " + limits.maxOperations()
                    + " (setting DISTRIBUTOR_GRAPHQL_MAX_OPERATIONS).");
        }
        int aliases = aliases(parsed);
        if (aliases > limits.maxAliases()) {
            throw new QueryRefusal(ErrorCode.QUERY_TOO_COMPLEX, "The document has " + aliases
                    + " aliased fields; the limit is " + limits.maxAliases()
                    + " (setting DISTRIBUTOR_GRAPHQL_MAX_ALIASES).");
        }
    }

    /** Counts aliased fields everywhere in the document, operations and fragments alike. */
    private static int aliases(Document document) {
        int count = 0;
        Deque<Node<?>> pending = new ArrayDeque<>(List.of(document));
        while (!pending.isEmpty()) {
            Node<?> node = pending.pop();
            if (node instanceof Field field && field.getAlias() != null) {
                count++;
            }
            node.getChildren().forEach(pending::push);
        }
        return count;
    }
}
