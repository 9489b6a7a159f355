package dev.distributor;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The code layout of DESIGN.md §2 ("Domain"), checked on the compiled main classes (no Quarkus, no database).
 *
 * <p>
 * §2: one root package {@code dev.distributor}, split by feature; lower features never import higher ones; the
 * engine reaches drivers only through {@code fleet.TargetDriver}; where a lower feature needs an answer from a
 * higher one it declares an interface the higher one implements. The ranks, lowest first:
 * {@code common} &lt; {@code security} &lt; {@code audit} &lt; {@code catalog} &lt; {@code fleet} &lt; {@code agent},
 * {@code ssm}, {@code rollout} &lt; {@code event}. Features of one rank do not import each other ({@code agent} and
 * {@code ssm} implement {@code fleet.TargetDriver}). {@code audit} implements {@code common.work.AuditTrail}, so
 * {@code security} writes its refusals without knowing {@code audit}; reading the trail needs the caller checked, so
 * {@code audit} stands on {@code security}.
 * {@code event} (LISTEN/NOTIFY fan-out to subscriptions) is ranked last because events are published from the
 * database, so no feature needs to import it. STYLE.md adds: GraphQL and REST classes are thin, services do the
 * work and repositories own the SQL.
 *
 * <p>
 * A failure names each offending dependency with its source line; the fix is to move the code to the feature
 * (or layer) that owns it or to declare a port in the lower feature, not to relax the rule here.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.distributor";

    /** Features by rank, lowest first; each may import itself and the lower features named in its entry. */
    private static final List<Feature> FEATURES = List.of(
            new Feature("common", List.of(),
                    "common (errors, pagination, time, the unit of work) is the base and imports no feature"),
            new Feature("security", List.of("common"),
                    "security (actor and permission) stands on common only; it knows nothing of audit"),
            new Feature("console", List.of("common", "security"),
                    "console serves the web console's page and sign-in settings; it reads no feature's data"),
            new Feature("audit", List.of("common", "security"),
                    "audit implements common.work.AuditTrail and checks its readers; it knows nothing of the features"),
            new Feature("catalog", List.of("common", "security", "audit"),
                    "catalog knows nothing of fleet or rollout; it asks higher features through ports it"
                            + " declares (catalog.VersionUsage)"),
            new Feature("fleet", List.of("common", "security", "audit", "catalog"),
                    "fleet knows nothing of rollout or the drivers; it declares fleet.TargetDriver for them"),
            new Feature("agent", List.of("common", "security", "audit", "catalog", "fleet"),
                    "agent is a driver: it implements fleet.TargetDriver and knows nothing of rollout or ssm"),
            new Feature("ssm", List.of("common", "security", "audit", "catalog", "fleet"),
                    "ssm is a driver: it implements fleet.TargetDriver and knows nothing of rollout or agent"),
            new Feature("rollout", List.of("common", "security", "audit", "catalog", "fleet"),
                    "the rollout engine reaches drivers only through fleet.TargetDriver, never agent or ssm"),
            new Feature("event", List.of("common", "security", "audit", "catalog", "fleet", "agent", "ssm", "rollout"),
                    "event fans out what the database publishes; no feature imports it"),
            new Feature("retention", List.of("common", "security", "audit", "catalog"),
                    "retention removes old rows by SQL of its own and artifacts through catalog's store; no feature"
                            + " imports it"));

    /** What runs SQL: reactive Hibernate sessions, the Vert.x SQL clients and our repositories. */
    private static final String[] SQL_PACKAGES = {
            "org.hibernate.reactive..",
            "io.vertx.sqlclient..",
            "io.vertx.mutiny.sqlclient..",
            "io.vertx.pgclient..",
            "io.vertx.mutiny.pgclient..",
            ROOT + "..repository.."};

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void everyClassBelongsToARankedFeature() {
        String[] ranked = FEATURES.stream()
                .map(feature -> ROOT + "." + feature.name() + "..")
                .toArray(String[]::new);
        classes().should()
                .resideInAnyPackage(ranked)
                .because("DESIGN.md §2 splits dev.distributor by feature, and a new feature needs a rank in"
                        + " ArchitectureTest.FEATURES before it can be checked")
                .check(main);
    }

    @Test
    void featuresHaveNoCycles() {
        slices().matching(ROOT + ".(*)..")
                .should()
                .beFreeOfCycles()
                .because("DESIGN.md §2: lower features never import higher ones, so no two features import each"
                        + " other; a lower feature that needs an answer declares an interface the higher one"
                        + " implements")
                .check(main);
    }

    @ParameterizedTest(name = "{0} imports only the features below it")
    @MethodSource("features")
    void lowerFeaturesNeverImportHigherOnes(String name, Feature feature) {
        List<String> allowed = new ArrayList<>();
        allowed.add(ROOT + "." + feature.name() + "..");
        feature.mayImport().forEach(lower -> allowed.add(ROOT + "." + lower + ".."));
        classes().that()
                .resideInAPackage(ROOT + "." + feature.name() + "..")
                .should()
                .onlyDependOnClassesThat(or(
                        resideOutsideOfPackage(ROOT + ".."),
                        resideInAnyPackage(allowed.toArray(String[]::new))))
                .because("DESIGN.md §2: " + feature.why()
                        + (feature.mayImport().isEmpty() ? "" : " (it may import " + feature.mayImport() + ")"))
                .allowEmptyShould(true)
                .check(main);
    }

    @Test
    void graphQlClassesRunNoSql() {
        noClasses().that()
                .resideInAPackage(ROOT + "..graphql..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SQL_PACKAGES)
                .because("GraphQL APIs validate shapes and map; services do the work and repositories own the SQL"
                        + " (DESIGN.md §2, STYLE.md habit 1 and 'repositories at the edges')")
                .check(main);
    }

    @Test
    void restResourcesRunNoSql() {
        noClasses().that()
                .resideInAPackage(ROOT + "..rest..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SQL_PACKAGES)
                .because("REST resources validate shapes and map; services do the work and repositories own the"
                        + " SQL (DESIGN.md §2, STYLE.md habit 1 and 'repositories at the edges')")
                .check(main);
    }

    @Test
    void theDriverPortKnowsNothingOfTheDatabase() {
        noClasses().that()
                .haveFullyQualifiedName(ROOT + ".fleet.TargetDriver")
                .or().haveFullyQualifiedName(ROOT + ".fleet.IssuedCommand")
                .or().haveFullyQualifiedName(ROOT + ".fleet.CommandSpec")
                .or().haveFullyQualifiedName(ROOT + ".fleet.CommandObservation")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SQL_PACKAGES)
                .because("a driver (the agent, SSM) takes and returns plain records, so it can be written and tested"
                        + " without a database session (DESIGN.md §7, issue 12)")
                .check(main);
    }

    static Stream<Arguments> features() {
        return FEATURES.stream().map(feature -> Arguments.of(feature.name(), feature));
    }

    /**
     * One feature package and the lower features it may import.
     *
     * @param name the package under {@code dev.distributor}
     * @param mayImport the lower features it may import (itself is always allowed)
     * @param why DESIGN.md §2's reason, shown when the rule fails
     */
    record Feature(String name, List<String> mayImport, String why) {

        @Override
        public String toString() {
            return name;
        }
    }
}
