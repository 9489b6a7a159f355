package dev.distributor.common.db;

import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import dev.distributor.common.work.StartupStep;

/**
 * Startup step "database schema": Flyway's migrations (src/main/resources/db/migration) over JDBC, in place of
 * {@code quarkus.flyway.migrate-at-start}, which aborts the boot when PostgreSQL does not answer yet. The
 * {@link dev.distributor.common.work.StartupGate} runs it at start and again until the database answers. Replicas that
 * migrate at once meet at Flyway's lock (a PostgreSQL advisory lock): one migrates, the others then find nothing to do.
 */
@ApplicationScoped
public class SchemaMigration implements StartupStep {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

    private final Flyway flyway;

    public SchemaMigration(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public String name() {
        return "database schema";
    }

    @Override
    public void run() {
        var result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            LOG.infof("Migrated the schema to version %s (%d migrations)", result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
    }
}
