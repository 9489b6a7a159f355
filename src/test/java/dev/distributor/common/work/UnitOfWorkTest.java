package dev.distributor.common.work;

import static dev.distributor.testing.Agents.bean;
import static dev.distributor.testing.Agents.row;
import static dev.distributor.testing.Agents.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** What a unit of work guarantees its callers, against the real database. */
@QuarkusTest
class UnitOfWorkTest {

    @BeforeAll
    static void probeTable() {
        update("create table if not exists unit_of_work_probe (id uuid primary key)");
    }

    @Test
    void aChangeWhoseCallerCancelsMidTransaction_stillRunsToItsEnd_andCommitsWithItsAuditRow() {
        UUID id = UUID.randomUUID();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Void> inserted = new CompletableFuture<>();

        // Given: a change that has written its row and waits, as a claim waits on the database.
        Uni<UUID> change = bean(UnitOfWork.class).change(Actor.LOCAL, "probe.insert", "probe/" + id,
                (session, actor) -> session.createNativeQuery("insert into unit_of_work_probe (id) values (:id)")
                        .setParameter("id", id).executeUpdate()
                        .invoke(() -> inserted.complete(null))
                        .chain(() -> Uni.createFrom().completionStage(gate))
                        .replaceWith(id),
                result -> Map.of());
        CompletableFuture<UniAssertSubscriber<UUID>> subscribed = new CompletableFuture<>();
        // Sessions live on a Vert.x context, as a request's do; the cancel comes on it too, as RESTEasy's does.
        Context request = VertxContext.getOrCreateDuplicatedContext(bean(Vertx.class));
        request.runOnContext(
                ignored -> subscribed.complete(change.subscribe().withSubscriber(UniAssertSubscriber.create())));
        UniAssertSubscriber<UUID> caller = subscribed.join();
        await().atMost(Duration.ofSeconds(10)).until(inserted::isDone);

        // When: the caller goes away (an agent dropping its connection), then the work can go on.
        request.runOnContext(ignored -> {
            caller.cancel();
            gate.complete(null);
        });

        // Then: the transaction commits as a whole: the row and its audit row, nothing half-done.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ((Number) row("select count(*) from unit_of_work_probe where id = ?", id).get(0))
                        .intValue() == 1);
        assertThat(((Number) row("select count(*) from audit_event where resource = ?", "probe/" + id).get(0))
                .intValue()).isEqualTo(1);
        assertThat(caller.getItem()).isNull();
    }
}
