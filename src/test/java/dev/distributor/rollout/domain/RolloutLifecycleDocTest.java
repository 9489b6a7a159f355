package dev.distributor.rollout.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/** The state diagrams in docs/ROLLOUTS.md are the lifecycle tables, both ways: nothing missing, nothing extra. */
class RolloutLifecycleDocTest {

    private static final Pattern MOVE = Pattern.compile("^\\s*(\\w+)\\s+--(\\w+)-->\\s+(\\w+)\\s*$");

    @Test
    void theRolloutDiagramInTheDocs_isTheRolloutTable() throws IOException {
        assertThat(documented("rollout")).containsExactlyInAnyOrderElementsOf(lines(RolloutLifecycle.TABLE));
    }

    @Test
    void theInvocationDiagramInTheDocs_isTheInvocationTable() throws IOException {
        assertThat(documented("invocation")).containsExactlyInAnyOrderElementsOf(lines(InvocationLifecycle.TABLE));
    }

    @Test
    void rolledBack_isReachedOnlyByARollback_andFinishedRunsOnlyMoveByRetryOrRollback() {
        assertThat(RolloutLifecycle.TABLE.all()).filteredOn(t -> t.to() == RolloutState.ROLLED_BACK)
                .allMatch(t -> t.event() == RolloutEvent.ROLLBACK_SUCCEEDED || t.event() == RolloutEvent.PUT_BACK);
        assertThat(RolloutLifecycle.TABLE.all())
                .filteredOn(t -> t.from().finished())
                .allMatch(t -> t.event() == RolloutEvent.RETRY || t.event() == RolloutEvent.ROLLBACK
                        || t.event() == RolloutEvent.PUT_BACK);
    }

    @Test
    void aRefusedEvent_isInvalidState_withTheCurrentState_andWhereItIsPossible() {
        assertThatThrownBy(() -> RolloutLifecycle.next(RolloutState.CANCELLED, RolloutEvent.RESUME))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
                    assertThat(e.details()).containsEntry("state", "CANCELLED");
                    assertThat(e.getMessage()).contains("Cannot resume rollout: it is CANCELLED (possible when "
                            + "[PAUSED])");
                });
        assertThatThrownBy(() -> InvocationLifecycle.next(InvocationStatus.SKIPPED, InvocationEvent.QUEUE))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
                    assertThat(e.details()).containsEntry("state", "SKIPPED");
                });
        assertThat(RolloutLifecycle.next(RolloutState.FAILED, RolloutEvent.RETRY)).isEqualTo(RolloutState.RUNNING);
    }

    private static <S extends Enum<S>, E extends Enum<E>> List<String> lines(Transitions<S, E> table) {
        return table.all().stream().map(t -> t.from() + " --" + t.event() + "--> " + t.to()).toList();
    }

    /** The {@code FROM --EVENT--> TO} lines of the code block after {@code <!-- lifecycle: name -->}. */
    private static List<String> documented(String name) throws IOException {
        List<String> doc = Files.readAllLines(Path.of("docs/ROLLOUTS.md"));
        int marker = doc.indexOf("<!-- lifecycle: " + name + " -->");
        assertThat(marker).as("marker for " + name + " in docs/ROLLOUTS.md").isNotNegative();
        assertThat(doc.get(marker + 1)).isEqualTo("```");
        List<String> moves = new ArrayList<>();
        for (String line : doc.subList(marker + 2, doc.size())) {
            if (line.equals("```")) {
                return moves;
            }
            Matcher m = MOVE.matcher(line);
            assertThat(m.matches()).as("a FROM --EVENT--> TO line: " + line).isTrue();
            moves.add(m.group(1) + " --" + m.group(2) + "--> " + m.group(3));
        }
        throw new AssertionError("the " + name + " block in docs/ROLLOUTS.md is not closed");
    }
}
