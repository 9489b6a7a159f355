package dev.distributor.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.retention.RetentionPolicy.Kind;
import dev.distributor.retention.repository.RetentionRepository;
import dev.distributor.testing.Agents;
import dev.distributor.testing.BucketObjects;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.GraphQLWs;
import dev.distributor.testing.TestDatabase;
import dev.distributor.testing.Zips;

/**
 * The retention job against real PostgreSQL and S3Proxy, with the default ages (output and events 30 days, audit 365
 * days, artifact grace 7 days): each kind of data goes when due and stays when not. Rows are made due by writing them
 * with old times, or by running the job as if later (RetentionJob#runAhead), never by moving the service clock that
 * the other jobs read too. Each run here covers the
 * whole test database, so assertions name only the rows each test wrote.
 */
@QuarkusTest
class RetentionJobTest {

    private static final String RESUME = """
            subscription($id: String!, $after: Int) {
              rolloutProgress(id: $id, afterSeq: $after) { seq snapshot { rollout { state eventSeq } } events { seq } }
            }
            """;

    @TestHTTPResource("/")
    URL baseUrl;

    @Inject
    RetentionJob job;

    /** How far ahead of the service clock the next run looks (RetentionJob#runAhead); the clock itself stays. */
    private Duration ahead = Duration.ZERO;

    @Test
    void givenFinishedInvocations_whenTheJobRuns_thenOutputOlderThan30DaysIsCleared_andTheRowsAndYoungerOutputStay()
            throws SQLException {
        UUID rollout = Fixtures.rollout("SUCCEEDED", "31 days", 0);
        UUID old = Fixtures.invocation(rollout, "SUCCESS", "old output", "31 days");
        UUID young = Fixtures.invocation(rollout, "FAILED", "young output", "29 days");

        RetentionJob.Summary summary = run();

        assertThat(Fixtures.output(old)).isNull();
        assertThat(Fixtures.status(old)).isEqualTo("SUCCESS");
        assertThat(Fixtures.output(young)).isEqualTo("young output");
        assertThat(summary.removed().get(Kind.OUTPUT)).isPositive();
    }

    @Test
    void givenRollouts_whenTheJobRuns_thenOnlyRunsFinishedMoreThan30DaysAgoLoseTheirEvents() throws SQLException {
        UUID finishedLongAgo = Fixtures.rollout("FAILED", "31 days", 3);
        UUID finishedRecently = Fixtures.rollout("SUCCEEDED", "29 days", 3);
        UUID notFinished = Fixtures.rollout("PLANNED", null, 3);

        run();

        assertThat(Fixtures.eventCount(finishedLongAgo)).isZero();
        assertThat(Fixtures.eventCount(finishedRecently)).isEqualTo(3);
        assertThat(Fixtures.eventCount(notFinished)).isEqualTo(3);
    }

    @Test
    void givenAFinishedRunLostItsEvents_whenASubscriberResumesBeforeThem_thenItIsToldToReadTheStateAgain()
            throws Exception {
        UUID rollout = Fixtures.rollout("SUCCEEDED", "31 days", 3);
        run();

        try (GraphQLWs ws = GraphQLWs.connect(URI.create(baseUrl.toString()).resolve("/graphql"))) {
            GraphQLWs.Subscription behind = ws.subscribe(RESUME, GraphQL.vars("id", rollout.toString(), "after", 1))
                    .awaitDone(Duration.ofSeconds(20));
            GraphQLWs.Subscription current = ws.subscribe(RESUME, GraphQL.vars("id", rollout.toString(), "after", 3))
                    .awaitDone(Duration.ofSeconds(20));

            assertThat(behind.errors()).singleElement().asString().contains("removed by data retention");
            assertThat(current.errors()).isEmpty();
            assertThat(current.next()).hasSize(1);
        }
    }

    @Test
    void givenAFleetEvent_whenTheClockPasses30Days_thenItIsRemoved_andTheSequenceKeepsCounting() throws SQLException {
        long seq = Fixtures.fleetEvent();

        run();
        assertThat(Fixtures.fleetEventExists(seq)).as("a fresh event stays").isTrue();

        ahead = ahead.plus(Duration.ofDays(31));
        run();

        assertThat(Fixtures.fleetEventExists(seq)).isFalse();
        assertThat(Fixtures.fleetEvent()).as("numbers are never reused").isGreaterThan(seq);
    }

    @Test
    void givenAuditRows_whenTheJobRuns_thenRowsOlderThan365DaysGo_andTheRunItselfIsAudited() throws SQLException {
        String resource = "retention-test/" + UUID.randomUUID();
        Fixtures.auditRow(resource, "366 days");
        Fixtures.auditRow(resource, "364 days");

        run();

        assertThat(Fixtures.auditAges(resource)).containsExactly("364 days");
        assertThat(Fixtures.lastRetentionAudit()).contains("\"audit\"").contains("retention");
    }

    @Test
    void givenAnAuditRow_whenAnyoneButTheJobDeletesIt_thenTheDatabaseRefuses() throws SQLException {
        String resource = "retention-test/" + UUID.randomUUID();
        Fixtures.auditRow(resource, "400 days");

        assertThatThrownBy(() -> Fixtures.deleteAudit(resource)).hasMessageContaining("append-only");
    }

    @Test
    void givenAVersionWasDeleted_whenItsArtifactStaysUnnamedForTheGrace_thenObjectAndRowGo_andNamedOnesStay()
            throws SQLException {
        String pkg = Catalog.createPackage("retention");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);
        Catalog.addLinuxVersion(pkg, "2.0.0", false);
        String dropped = Zips.sha256(Catalog.linuxZip(pkg, "1.0.0"));
        String named = Zips.sha256(Catalog.linuxZip(pkg, "2.0.0"));
        GraphQL.ok("mutation($p: String!) { deleteVersion(packageName: $p, version: \"1.0.0\") }",
                GraphQL.vars("p", pkg));

        run();
        assertThat(BucketObjects.keys("artifacts/")).as("within the grace")
                .contains(ArtifactStore.keyFor(dropped), ArtifactStore.keyFor(named));
        assertThat(Fixtures.artifactMarked(dropped)).isTrue();

        ahead = ahead.plus(Duration.ofDays(8));
        run();

        assertThat(BucketObjects.keys("artifacts/")).doesNotContain(ArtifactStore.keyFor(dropped))
                .contains(ArtifactStore.keyFor(named));
        assertThat(Fixtures.artifactExists(dropped)).isFalse();
        assertThat(Fixtures.artifactExists(named)).isTrue();
    }

    @Test
    void givenAnArtifactTheJobRemoved_whenAVersionNamesTheSameBytesAgain_thenTheyAreUploadedAndStoredAgain()
            throws SQLException {
        String pkg = Catalog.createPackage("retention");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);
        String sha = Zips.sha256(Catalog.linuxZip(pkg, "1.0.0"));
        GraphQL.ok("mutation($p: String!) { deleteVersion(packageName: $p, version: \"1.0.0\") }",
                GraphQL.vars("p", pkg));
        run();
        ahead = ahead.plus(Duration.ofDays(8));
        run();
        assertThat(Fixtures.artifactExists(sha)).isFalse();

        String again = Catalog.upload("app-linux.zip", Catalog.linuxZip(pkg, "1.0.0"));
        Catalog.addVersion(pkg, "1.0.1", Catalog.linuxManifest("1.0.1", "app-linux.zip", again), false);

        assertThat(BucketObjects.keys("artifacts/")).contains(ArtifactStore.keyFor(sha));
        assertThat(Fixtures.artifactMarked(sha)).isFalse();
    }

    @Test
    void givenADeletedVersionsFileAPendingInvocationWillStillFetch_whenTheGracePasses_thenItStays()
            throws SQLException {
        String pkg = Catalog.createPackage("retention");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);
        String sha = Zips.sha256(Catalog.linuxZip(pkg, "1.0.0"));
        GraphQL.ok("mutation($p: String!) { deleteVersion(packageName: $p, version: \"1.0.0\") }",
                GraphQL.vars("p", pkg));
        Fixtures.pendingInvocationFetching(sha);

        run();
        ahead = ahead.plus(Duration.ofDays(8));
        run();

        assertThat(Fixtures.artifactExists(sha)).isTrue();
        assertThat(Fixtures.artifactMarked(sha)).as("in use, so never marked").isFalse();
        assertThat(BucketObjects.keys("artifacts/")).contains(ArtifactStore.keyFor(sha));
    }

    @Test
    void givenAVersionNamesAMarkedArtifactAgain_whenTheGracePasses_thenItStays() throws SQLException {
        String pkg = Catalog.createPackage("retention");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);
        String sha = Zips.sha256(Catalog.linuxZip(pkg, "1.0.0"));
        Fixtures.markUnreferenced(sha, "30 days");

        ahead = ahead.plus(Duration.ofDays(8));
        run();

        assertThat(Fixtures.artifactExists(sha)).isTrue();
        assertThat(Fixtures.artifactMarked(sha)).as("the mark is cleared").isFalse();
        assertThat(BucketObjects.keys("artifacts/")).contains(ArtifactStore.keyFor(sha));
    }

    @Test
    void givenAnotherReplicaHoldsTheRetentionLock_whenTheJobRuns_thenItRemovesNothing_andTheNextRunDoes()
            throws SQLException {
        UUID rollout = Fixtures.rollout("SUCCEEDED", "40 days", 0);
        UUID old = Fixtures.invocation(rollout, "SUCCESS", "old output", "40 days");

        try (Connection otherReplica = TestDatabase.connect()) {
            Fixtures.advisoryLock(otherReplica, RetentionRepository.LOCK_KEY);
            RetentionJob.Summary summary = run();
            assertThat(summary.yielded()).isTrue();
            assertThat(Fixtures.output(old)).isEqualTo("old output");
            Fixtures.advisoryUnlock(otherReplica, RetentionRepository.LOCK_KEY);
        }

        run();
        assertThat(Fixtures.output(old)).isNull();
    }

    private RetentionJob.Summary run() {
        return Agents.await(() -> job.runAhead(ahead));
    }
}
