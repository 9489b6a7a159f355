package dev.distributor.agent.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distributor.common.db.PoolPressure;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/** The agent API answers each of its codes with the status docs/AGENT-PROTOCOL.md gives it, from the shared table. */
class AgentErrorsTest {

    @Test
    void everyCodeTheAgentApiRaises_answersTheStatusTheProtocolPageGivesIt() {
        Map<ErrorCode, Integer> documented = Map.ofEntries(
                Map.entry(ErrorCode.INVALID_FACTS, 400),
                Map.entry(ErrorCode.INVALID_STATUS, 400),
                Map.entry(ErrorCode.ACTIVATION_INVALID, 401),
                Map.entry(ErrorCode.UNAUTHORIZED, 401),
                Map.entry(ErrorCode.COMMAND_NOT_YOURS, 403),
                Map.entry(ErrorCode.COMMAND_NOT_FOUND, 404),
                Map.entry(ErrorCode.FILE_NOT_FOUND, 404),
                Map.entry(ErrorCode.ACTIVATION_EXHAUSTED, 409),
                Map.entry(ErrorCode.ACTIVATION_EXPIRED, 410),
                Map.entry(ErrorCode.ACTIVATION_REVOKED, 410),
                Map.entry(ErrorCode.OUTPUT_TOO_LARGE, 413),
                Map.entry(ErrorCode.SERVICE_BUSY, 503),
                Map.entry(ErrorCode.STORAGE_UNAVAILABLE, 503),
                Map.entry(ErrorCode.INTERNAL, 500));

        documented.forEach((code, status) -> assertThat(
                AgentErrors.answer(new DistributorException(code, "m")).getStatus()).as(code.name()).isEqualTo(status));
    }

    @Test
    void aShedCall_answers503WithErrorServiceBusy() {
        var answer = AgentErrors.answer(new PoolPressure.PoolBusyException("register: no database connection"));

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat((String) answer.getEntity()).startsWith("ERROR=SERVICE_BUSY\nMESSAGE=register: no database");
    }

    @Test
    void aFieldAtFault_isNamedOnItsOwnLine() {
        var answer = AgentErrors.answer(new DistributorException(ErrorCode.INVALID_STATUS, "STEP must be short.",
                Map.of("field", "STEP")));

        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat((String) answer.getEntity())
                .isEqualTo("ERROR=INVALID_STATUS\nMESSAGE=STEP must be short.\nFIELD=STEP\n");
    }
}
