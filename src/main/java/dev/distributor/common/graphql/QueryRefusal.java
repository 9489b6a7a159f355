package dev.distributor.common.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.distributor.common.error.ErrorCode;

import graphql.ErrorType;
import graphql.execution.AbortExecutionException;
import graphql.language.SourceLocation;

/**
 * A GraphQL document refused before it runs (it does not parse, or it is over a limit of {@link GraphQLLimits}). It
 * carries a catalogued {@link ErrorCode} in {@code extensions.code} and, for syntax errors, the standard
 * {@code locations}. Being an {@link AbortExecutionException}, graphql-java turns it into the response's only error
 * when an instrumentation throws it.
 */
public class QueryRefusal extends AbortExecutionException {

    private final ErrorCode code;
    private final List<SourceLocation> locations;

    public QueryRefusal(ErrorCode code, String message) {
        this(code, message, null);
    }

    public QueryRefusal(ErrorCode code, String message, SourceLocation location) {
        super(message);
        this.code = code;
        this.locations = location == null ? null : List.of(location);
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public List<SourceLocation> getLocations() {
        return locations;
    }

    @Override
    public ErrorType getErrorType() {
        return code == ErrorCode.INVALID_QUERY ? ErrorType.InvalidSyntax : ErrorType.ExecutionAborted;
    }

    @Override
    public Map<String, Object> getExtensions() {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        return extensions;
    }
}
