package dev.distributor.common.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.language.SourceLocation;

/**
 * A failure a client can act on: it carries a catalogued {@link ErrorCode}, a message written for people, and
 * optional details (the offending field, a JSON path). Implementing {@link GraphQLError} lets SmallRye GraphQL copy
 * {@link #getExtensions()} into the response, so clients read {@code extensions.code}.
 */
public class DistributorException extends RuntimeException implements GraphQLError {

    private final ErrorCode code;
    private final Map<String, Object> details;

    public DistributorException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public DistributorException(ErrorCode code, String message, Map<String, ?> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static DistributorException invalidInput(String field, String message) {
        return new DistributorException(ErrorCode.INVALID_INPUT, message, Map.of("field", field));
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    @Override
    public Map<String, Object> getExtensions() {
        Map<String, Object> extensions = new LinkedHashMap<>(details);
        extensions.put("code", code.name());
        return extensions;
    }

    @Override
    public List<SourceLocation> getLocations() {
        return null;
    }

    @Override
    public ErrorClassification getErrorType() {
        return ErrorType.DataFetchingException;
    }
}
