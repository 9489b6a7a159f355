package dev.distributor.common.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

class RestErrorsTest {

    @Test
    void everyCodeMapsToTheStatusItsFamilyPromises() {
        Map<ErrorCode, Integer> expected = Map.ofEntries(
                Map.entry(ErrorCode.PACKAGE_NOT_FOUND, 404),
                Map.entry(ErrorCode.VERSION_NOT_FOUND, 404),
                Map.entry(ErrorCode.PACKAGE_EXISTS, 409),
                Map.entry(ErrorCode.VERSION_EXISTS, 409),
                Map.entry(ErrorCode.VERSION_IN_USE, 409),
                Map.entry(ErrorCode.PACKAGE_IN_USE, 409),
                Map.entry(ErrorCode.INVALID_STATE, 409),
                Map.entry(ErrorCode.STORAGE_UNAVAILABLE, 503),
                Map.entry(ErrorCode.INTERNAL, 500));
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(RestErrors.statusOf(code)).as(code.name()).isEqualTo(expected.getOrDefault(code, 400));
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
}
