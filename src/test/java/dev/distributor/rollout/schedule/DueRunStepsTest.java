package dev.distributor.rollout.schedule;

import static dev.distributor.testing.Agents.await;
import static dev.distributor.testing.Agents.bean;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.common.work.UnitOfWork;
import dev.distributor.rollout.repository.RolloutRepository;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.Rollouts;

/** Journaling on a run a run source does not drive, against the real tables. */
@QuarkusTest
class DueRunStepsTest {

    private final DueRunSteps steps = bean(DueRunSteps.class);
    private final RolloutRepository rollouts = bean(RolloutRepository.class);

    @Test
    void journal_onARunLoadedBeforeAnotherTransactionJournaledOnIt_numbersItsEventAfterTheirs() {
        String pkg = Catalog.createPackage("steps");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        String target = Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "acct", "eu",
                "{\"fleet\": \"" + pkg + "\"}", OffsetDateTime.now().minusDays(1)));
        try {
            UUID run = UUID.fromString(Rollouts.create(Rollouts.deploymentTo(pkg, "1.0.0", List.of(target),
                    Map.of("waves", List.of("100%"), "maxConcurrency", "100%", "maxErrors", "0"))));
            long before = (Long) Agents.row("select event_seq from rollout where id = ?::uuid", run).get(0);

            // Given: the session holds the run, loaded without a lock (as CronRuns' unfinishedOf loads it), and then
            // another transaction (another replica's engine pass) journals an event on it and commits.
            await(() -> bean(UnitOfWork.class).background(session -> rollouts.find(session, run)
                    .invoke(loaded -> Agents.update("""
                            with bumped as (update rollout set event_seq = event_seq + 1 where id = ?::uuid
                                            returning id, event_seq)
                            insert into rollout_event (rollout_id, seq, type) select id, event_seq, 'ELSEWHERE'
                            from bumped
                            """, run))
                    // When: a run source journals on it in that session.
                    .chain(loaded -> steps.journal(session, run, OffsetDateTime.now(), "SCHEDULED_RUN_SKIPPED",
                            Map.of("reason", "test")))));

            // Then: its event is numbered after the other one (no duplicate key, so the transaction committed).
            List<List<Object>> events = Agents.rows(
                    "select seq, type from rollout_event where rollout_id = ?::uuid and seq > ? order by seq", run,
                    before);
            assertThat(events).containsExactly(List.of(before + 1, "ELSEWHERE"),
                    List.of(before + 2, "SCHEDULED_RUN_SKIPPED"));
            assertThat(Agents.row("select event_seq from rollout where id = ?::uuid", run).get(0))
                    .isEqualTo(before + 2);
        } finally {
            Agents.update("update target set deregistered_at = now() where instance_id = ?", target);
        }
    }
}
