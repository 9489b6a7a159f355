package dev.distributor.common.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;

import dev.distributor.common.error.ErrorCode;

import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.validation.ValidationError;

/**
 * What graphql-java checks between parsing and running an operation, with a catalogued code on each refusal: the
 * depth and the complexity (fields selected) of every operation, with graphql-java's own instrumentations
 * ({@code QUERY_TOO_DEEP}, {@code QUERY_TOO_COMPLEX}, naming the limit and its setting), and validation against the
 * schema and the variables ({@code INVALID_QUERY}; the message says what does not fit). Hooked in by
 * {@link QueryChecksHook} when SmallRye GraphQL builds its engine, beside SmallRye's own instrumentation (its query
 * cache).
 */
// Looked up by QueryChecksHook, which CDI does not see: without @Unremovable, Quarkus would drop the bean as unused.
@Unremovable
@ApplicationScoped
public class QueryChecks {

    private final GraphQLLimits limits;

    public QueryChecks(GraphQLLimits limits) {
        this.limits = limits;
    }

    void addLimits(GraphQL.Builder builder) {
        // The builder has no getter: building it once is the public way to read the instrumentation SmallRye set.
        Instrumentation smallRyes = builder.build().getInstrumentation();
        builder.instrumentation(new ChainedInstrumentation(List.of(
                new ShapeLimit(limits),
                new DepthLimit(limits.maxDepth()),
                new ComplexityLimit(limits.maxComplexity()),
                new ValidationCodes(),
                smallRyes)));
    }

    /** Gives every validation error (unknown field, bad argument, variables that do not fit) INVALID_QUERY. */
    private static final class ValidationCodes extends SimplePerformantInstrumentation {

        @Override
        public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            if (result.getErrors().stream().noneMatch(ValidationCodes::uncodedRefusal)) {
                return CompletableFuture.completedFuture(result);
            }
            List<GraphQLError> errors = result.getErrors().stream()
                    .map(error -> uncodedRefusal(error) ? coded(error) : error)
                    .toList();
            return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(errors)));
        }

        private static boolean uncodedRefusal(GraphQLError error) {
            boolean refusal = error.getErrorType() == ErrorType.ValidationError
                    || error.getErrorType() == ErrorType.InvalidSyntax;
            return refusal && (error.getExtensions() == null || !error.getExtensions().containsKey("code"));
        }

        private static GraphQLError coded(GraphQLError error) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            if (error.getExtensions() != null) {
                extensions.putAll(error.getExtensions());
            }
            extensions.put("code", ErrorCode.INVALID_QUERY.name());
            if (error instanceof ValidationError validation) {
                return ValidationError.newValidationError()
                        .validationErrorType(validation.getValidationErrorType())
                        .description(validation.getDescription())
                        .queryPath(validation.getQueryPath())
                        .sourceLocations(validation.getLocations())
                        .extensions(extensions)
                        .build();
            }
            return GraphqlErrorBuilder.newError()
                    .message(error.getMessage())
                    .locations(error.getLocations())
                    .path(error.getPath())
                    .errorType(error.getErrorType())
                    .extensions(extensions)
                    .build();
        }
    }

    /**
     * The byte, operation and alias limits at execution, for every transport: the HTTP route checks them before
     * SmallRye, but a subscription over WebSocket reaches execution without passing that route.
     */
    private static final class ShapeLimit extends SimplePerformantInstrumentation {

        private final GraphQLLimits limits;

        ShapeLimit(GraphQLLimits limits) {
            this.limits = limits;
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            var execution = parameters.getExecutionContext();
            DocumentShape.checkBytes(execution.getExecutionInput().getQuery(), limits);
            DocumentShape.checkShape(execution.getDocument(), limits);
            return super.beginExecuteOperation(parameters, state);
        }
    }

    private static final class DepthLimit extends MaxQueryDepthInstrumentation {

        DepthLimit(int maxDepth) {
            super(maxDepth);
        }

        @Override
        protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
            return new QueryRefusal(ErrorCode.QUERY_TOO_DEEP, "The query nests fields " + depth
                    + " levels deep; the limit is " + maxDepth + " (setting DISTRIBUTOR_GRAPHQL_MAX_DEPTH).");
        }
    }

    private static final class ComplexityLimit extends MaxQueryComplexityInstrumentation {

        ComplexityLimit(int maxComplexity) {
            super(maxComplexity);
        }

        @Override
        protected AbortExecutionException mkAbortException(int complexity, int maxComplexity) {
            return new QueryRefusal(ErrorCode.QUERY_TOO_COMPLEX, "The query selects " + complexity
                    + " fields; the limit is " + maxComplexity + " (setting DISTRIBUTOR_GRAPHQL_MAX_COMPLEXITY).");
        }
    }
}
