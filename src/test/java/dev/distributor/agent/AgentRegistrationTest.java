package dev.distributor.agent;

import static dev.distributor.testing.Agents.activation;
import static dev.distributor.testing.Agents.keyValues;
import static dev.distributor.testing.Agents.register;
import static dev.distributor.testing.Agents.registrationForm;
import static dev.distributor.testing.Agents.row;
import static dev.distributor.testing.Agents.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.testing.Agents;
import dev.distributor.testing.TestDatabase;

@QuarkusTest
class AgentRegistrationTest {

    @Test
    void register_givesAnInstanceIdAndToken_andTakesAccountRegionAndTagsFromTheActivation() {
        CreatedActivation activation = activation(5, Map.of("env", "prod", "team", "web"));
        Map<String, Object> form = registrationForm(activation);
        form.put("ACCOUNT", "999999999999");
        form.put("REGION", "us-east-1");
        form.put("TAGS", "env=attacker");

        var response = register(form, "nginx-conf=1.0.0", "hello=2.1");

        response.then().statusCode(201).contentType("text/plain");
        Map<String, String> answer = keyValues(response.asString());
        assertThat(answer.get("INSTANCE_ID")).matches("mi-[0-9a-f]{17}");
        assertThat(answer.get("TOKEN")).startsWith("dagt_").hasSize(5 + 43);
        assertThat(answer.get("POLL_WAIT_SECONDS")).isEqualTo("20");
        List<Object> target = row("""
                select name, driver, platform, platform_version, arch, account, region, tags::text, agent_version,
                       token_sha256, activation_id
                from target where instance_id = ?
                """, answer.get("INSTANCE_ID"));
        assertThat(target.subList(0, 7)).containsExactly("web-1.example.internal", "AGENT", "ubuntu", "22.04",
                "x86_64", "111122223333", "eu-west-1");
        assertThat((String) target.get(7)).contains("\"env\": \"prod\"").contains("\"team\": \"web\"")
                .doesNotContain("attacker");
        assertThat(target.get(8)).isEqualTo("sh-0.1.0");
        assertThat((String) target.get(9)).matches("[0-9a-f]{64}").isNotEqualTo(answer.get("TOKEN"));
        assertThat(target.get(10)).isEqualTo(activation.id());
        assertThat(rows("select package_name, version from installed_package where instance_id = ? order by 1",
                answer.get("INSTANCE_ID")))
                .containsExactly(List.of("hello", "2.1"), List.of("nginx-conf", "1.0.0"));
        assertThat(row("select registrations from activation where id = ?", activation.id())).containsExactly(1);
        assertThat(row("select count(*) from audit_event where action = 'target.register' and actor = ?",
                answer.get("INSTANCE_ID"))).containsExactly(1L);
    }

    @Test
    void register_withAWrongCodeOrAnUnknownId_is401ActivationInvalid_andChangesNothing() {
        CreatedActivation activation = activation(5, Map.of());
        Map<String, Object> wrongCode = registrationForm(activation);
        wrongCode.put("ACTIVATION_CODE", activation.code() + "x");
        Map<String, Object> unknownId = registrationForm(activation);
        unknownId.put("ACTIVATION_ID", UUID.randomUUID().toString());

        for (Map<String, Object> form : List.of(wrongCode, unknownId)) {
            var response = register(form);
            response.then().statusCode(401);
            assertThat(keyValues(response.asString())).containsEntry("ERROR", "ACTIVATION_INVALID")
                    .containsKey("MESSAGE");
        }
        assertNothingRegistered(activation);
        // Each refused attempt is on the audit trail, in a transaction of its own (the registration rolled back).
        assertThat(row("""
                select count(*) from audit_event where action = 'target.register' and outcome = 'REFUSED'
                and resource = ? and actor = 'anonymous' and details->>'code' = 'ACTIVATION_INVALID'
                """, "activation/" + activation.id())).containsExactly(1L);
        assertThat(row("""
                select count(*) from audit_event where action = 'target.register' and outcome = 'REFUSED'
                and resource = ?
                """, "activation/" + unknownId.get("ACTIVATION_ID"))).containsExactly(1L);
    }

    @Test
    void register_afterTheExpiry_is410ActivationExpired() {
        CreatedActivation activation = activation(5, Map.of());
        Agents.update("update activation set expires_at = now() - interval '1 second' where id = ?",
                activation.id());

        var response = register(registrationForm(activation));

        response.then().statusCode(410);
        assertThat(keyValues(response.asString())).containsEntry("ERROR", "ACTIVATION_EXPIRED");
        assertNothingRegistered(activation);
    }

    @Test
    void register_pastTheLimit_is409ActivationExhausted() {
        CreatedActivation activation = activation(1, Map.of());
        register(registrationForm(activation)).then().statusCode(201);

        var response = register(registrationForm(activation));

        response.then().statusCode(409);
        assertThat(keyValues(response.asString())).containsEntry("ERROR", "ACTIVATION_EXHAUSTED");
        assertThat(row("select registrations from activation where id = ?", activation.id())).containsExactly(1);
        assertThat(row("select count(*) from target where activation_id = ?", activation.id())).containsExactly(1L);
    }

    @Test
    void concurrentRegistrations_neverExceedTheLimit() throws Exception {
        CreatedActivation activation = activation(3, Map.of());
        var pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Callable<Integer> attempt = () -> register(registrationForm(activation)).statusCode();
                statuses.add(pool.submit(attempt));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertThat(codes).filteredOn(code -> code == 201).hasSize(3);
            assertThat(codes).filteredOn(code -> code == 409).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        assertThat(row("select registrations from activation where id = ?", activation.id())).containsExactly(3);
        assertThat(row("select count(*) from target where activation_id = ?", activation.id())).containsExactly(3L);
    }

    @Test
    void aRegistrationThatAnotherLeftPastTheLimitWhileItCommitted_isRefusedAtCommit_as409ActivationExhausted()
            throws Exception {
        CreatedActivation activation = activation(1, Map.of());
        try (Connection other = TestDatabase.connect(); Connection observer = TestDatabase.connect()) {
            // Given: another transaction holds the activation's row, as a concurrent registration's commit does.
            other.setAutoCommit(false);
            try (var lock = other.prepareStatement("select 1 from activation where id = ? for update")) {
                lock.setObject(1, activation.id());
                lock.executeQuery().close();
            }
            // When: a host registers: the unlocked check passes, and its commit waits for the row.
            CompletableFuture<Response> pending = CompletableFuture
                    .supplyAsync(() -> register(registrationForm(activation)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.someoneWaitsOnALock(observer));
            // And: the other transaction takes the last registration and commits.
            try (var use = other.prepareStatement(
                    "update activation set registrations = registration_limit where id = ?")) {
                use.setObject(1, activation.id());
                use.executeUpdate();
            }
            other.commit();

            // Then: the waiting registration is refused as if the check had seen it, and nothing of it is stored.
            Response response = pending.get(30, TimeUnit.SECONDS);
            response.then().statusCode(409);
            assertThat(keyValues(response.asString())).containsEntry("ERROR", "ACTIVATION_EXHAUSTED")
                    .containsEntry("MESSAGE", "The activation has reached its registration limit.");
        }
        assertThat(row("select registrations from activation where id = ?", activation.id())).containsExactly(1);
        assertThat(row("select count(*) from target where activation_id = ?", activation.id())).containsExactly(0L);
        assertThat(row("""
                select count(*) from audit_event where action = 'target.register' and outcome = 'REFUSED'
                and resource = ? and details->>'code' = 'ACTIVATION_EXHAUSTED'
                """, "activation/" + activation.id())).containsExactly(1L);
    }

    @Test
    void register_withMalformedFacts_is400InvalidFacts_namingTheField() {
        CreatedActivation activation = activation(5, Map.of());
        Map<String, String> bad = Map.of("HOSTNAME", "", "PLATFORM", "Ubuntu Linux", "PLATFORM_VERSION", "22 04",
                "ARCH", "x86-64!", "AGENT_VERSION", "v".repeat(65));
        bad.forEach((field, value) -> {
            Map<String, Object> form = registrationForm(activation);
            form.put(field, value);
            var response = register(form);
            response.then().statusCode(400);
            assertThat(keyValues(response.asString())).as(field).containsEntry("ERROR", "INVALID_FACTS")
                    .containsEntry("FIELD", field);
        });
        Map<String, Object> missing = registrationForm(activation);
        missing.remove("ARCH");
        assertThat(keyValues(register(missing).then().statusCode(400).extract().asString()))
                .containsEntry("FIELD", "ARCH");
        assertThat(keyValues(register(registrationForm(activation), "no-version").then().statusCode(400).extract()
                .asString())).containsEntry("FIELD", "INSTALLED");
        assertNothingRegistered(activation);
    }

    private static void assertNothingRegistered(CreatedActivation activation) {
        assertThat(row("select registrations from activation where id = ?", activation.id())).containsExactly(0);
        assertThat(row("select count(*) from target where activation_id = ?", activation.id())).containsExactly(0L);
    }
}
