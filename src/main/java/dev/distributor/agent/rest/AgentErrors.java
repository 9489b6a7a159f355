package dev.distributor.agent.rest;

import jakarta.ws.rs.core.Response;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.rest.RestErrors;

/**
 * A failure as the agent protocol writes it: {@code ERROR=<code>}, {@code MESSAGE=<text>} and, when a field is at
 * fault, {@code FIELD=<name>}, with the HTTP status the REST API uses for the same code ({@link RestErrors#statusOf}).
 */
final class AgentErrors {

    private AgentErrors() {
    }

    static Response answer(DistributorException e) {
        KeyValues body = new KeyValues().put("ERROR", e.code().name()).put("MESSAGE", e.getMessage());
        Object field = e.details().get("field");
        if (field != null) {
            body.put("FIELD", field);
        }
        return body.response(RestErrors.statusOf(e.code()));
    }
}
