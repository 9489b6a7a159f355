package dev.distributor.common.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.telemetry.RequestIds;

class RestErrorsTest {

    @Test
    void everyCodeMapsToTheStatusItsFamilyPromises() {
        Map<ErrorCode, Integer> specialCases = Map.ofEntries(
                Map.entry(ErrorCode.INVALID_STATE, 409),
                Map.entry(ErrorCode.STORAGE_UNAVAILABLE, 503),
                Map.entry(ErrorCode.SERVICE_BUSY, 503),
                Map.entry(ErrorCode.INTERNAL, 500),
                Map.entry(ErrorCode.UNAUTHORIZED, 401),
                Map.entry(ErrorCode.ACTIVATION_INVALID, 401),
                Map.entry(ErrorCode.COMMAND_NOT_YOURS, 403),
                Map.entry(ErrorCode.FORBIDDEN, 403),
                Map.entry(ErrorCode.ACTIVATION_EXPIRED, 410),
                Map.entry(ErrorCode.ACTIVATION_REVOKED, 410),
                Map.entry(ErrorCode.ACTIVATION_EXHAUSTED, 409),
                Map.entry(ErrorCode.OUTPUT_TOO_LARGE, 413));
        for (ErrorCode code : ErrorCode.values()) {
            String name = code.name();
            int family = name.endsWith("_NOT_FOUND")
                    ? 404
                    : name.endsWith("_EXISTS") || name.endsWith("_IN_USE")
                            ? 409
                            : 400;
            assertThat(RestErrors.statusOf(code)).as(name).isEqualTo(specialCases.getOrDefault(code, family));
        }
    }

    @Test
    void aBusinessError_answersItsCodeMessageAndDetails() {
        var answer = new RestErrors().distributor(new DistributorException(ErrorCode.INVALID_MANIFEST, "bad",
                Map.of("jsonPath", "$.files")));

        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat(answer.getEntity()).containsEntry("code", "INVALID_MANIFEST").containsEntry("message", "bad")
                .containsEntry("jsonPath", "$.files");
    }

    @Test
    void anUnexpectedFailure_answers500WithARequestIdAndNothingOfTheFailure() {
        var answer = new RestErrors().unexpected(new IllegalStateException("password hunter2 rejected"));

        assertThat(answer.getStatus()).isEqualTo(500);
        assertThat(answer.getEntity()).containsEntry("code", "INTERNAL").containsKey("requestId");
        assertThat(answer.getEntity().toString()).doesNotContain("hunter2").doesNotContain("IllegalState");
        assertThat((String) answer.getEntity().get("message")).contains((String) answer.getEntity().get("requestId"));
    }

    @Test
    void anUnexpectedFailureWhileServingARequest_quotesThatRequestsId() {
        MDC.put(RequestIds.MDC_KEY, "req-42");
        try {
            var answer = new RestErrors().unexpected(new IllegalStateException("boom"));

            assertThat(answer.getEntity()).containsEntry("requestId", "req-42");
            assertThat((String) answer.getEntity().get("message")).contains("req-42");
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
