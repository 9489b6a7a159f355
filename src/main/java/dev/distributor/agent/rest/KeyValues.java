package dev.distributor.agent.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The agent protocol's response body: {@code KEY=value} lines, values never containing a newline. */
final class KeyValues {

    static final MediaType TEXT = MediaType.valueOf("text/plain; charset=utf-8");

    private final Map<String, String> values = new LinkedHashMap<>();

    KeyValues put(String key, Object value) {
        String text = value == null ? "" : value.toString();
        values.put(key, text.replace('\r', ' ').replace('\n', ' '));
        return this;
    }

    String body() {
        StringBuilder body = new StringBuilder();
        values.forEach((key, value) -> body.append(key).append('=').append(value).append('\n'));
        return body.toString();
    }

    Response response(int status) {
        return Response.status(status).type(TEXT).entity(body()).build();
    }
}
