package io.tributary.model.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.TributaryInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The shared key store on a real broker: created keys work on every instance, revoked ones stop within seconds. */
@TributaryInfrastructure
class ApiKeyStoreIT {

    @Test
    void shouldAcceptCreatedKeysEverywhereAndStopRevokedOnesWithinSeconds(KafkaCluster kafka) throws Exception {
        String topic = "keys-it.api-keys";
        ApiKeys configured = ApiKeys.of(Map.of("configured-admin-key-0123", new ApiCaller(null, true)));
        ApiKeyRegistry registry = new ApiKeyRegistry(kafka.bootstrapServers(), topic);
        try (ApiKeyStore one = new ApiKeyStore(configured, kafka.bootstrapServers(), topic);
                ApiKeyStore two = new ApiKeyStore(configured, kafka.bootstrapServers(), topic)) {
            assertThat(one.authenticate("Bearer configured-admin-key-0123")).contains(new ApiCaller(null, true));
            // Both stores looked for the topic before it exists; looking must not create it with the broker's defaults.
            assertThat(one.awaitLoaded(Duration.ofSeconds(20))).isTrue();
            assertThat(two.awaitLoaded(Duration.ofSeconds(20))).isTrue();

            ApiKeyRegistry.CreatedKey acme = registry.create("acme", false, "billing service");
            ApiKeyRegistry.CreatedKey admin = registry.create(null, true, null);
            try (Admin kafkaAdmin = Admin.create(kafka.clientProperties())) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                assertThat(kafkaAdmin.describeConfigs(List.of(resource)).all().get().get(resource)
                        .get("cleanup.policy").value()).isEqualTo("compact");
            }
            assertThat(acme.key()).startsWith("trb_").hasSizeGreaterThanOrEqualTo(ApiKeys.MIN_KEY_LENGTH);
            for (ApiKeyStore store : new ApiKeyStore[] {one, two}) {
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        store.authenticate("Bearer " + acme.key()).isPresent());
                assertThat(store.authenticate("Bearer " + acme.key())).contains(new ApiCaller("acme", false));
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        store.authenticate("Bearer " + admin.key()).isPresent());
            }
            assertThat(one.authenticate("Bearer trb_not-a-key-at-all-000")).isEmpty();
            assertThat(one.authenticate(null)).isEmpty();

            // Only hashes reach the topic.
            assertThat(kafka.readAll(topic)).allSatisfy(record -> {
                assertThat(record.value()).doesNotContain(acme.key()).doesNotContain(admin.key());
            });
            assertThat(registry.list()).extracting(StoredApiKey::id)
                    .containsExactlyInAnyOrder(acme.stored().id(), admin.stored().id());
            assertThat(registry.list()).filteredOn(k -> k.id().equals(acme.stored().id())).singleElement()
                    .satisfies(k -> {
                        assertThat(k.hash()).isEqualTo(ApiKeys.hash(acme.key()));
                        assertThat(k.description()).isEqualTo("billing service");
                        assertThat(k.revoked()).isFalse();
                    });

            long revokedAt = System.nanoTime();
            assertThat(registry.revoke(acme.stored().id())).hasValueSatisfying(k -> assertThat(k.revoked()).isTrue());
            for (ApiKeyStore store : new ApiKeyStore[] {one, two}) {
                await().atMost(Duration.ofSeconds(5)).until(() -> store.authenticate("Bearer " + acme.key()).isEmpty());
            }
            System.out.printf("revoked key refused by both stores after %d ms%n",
                    (System.nanoTime() - revokedAt) / 1_000_000);
            assertThat(two.authenticate("Bearer " + admin.key())).contains(new ApiCaller(null, true));
            assertThat(registry.revoke("key_missing")).isEmpty();
        }
        // A store started after the changes reads them back.
        try (ApiKeyStore late = new ApiKeyStore(configured, kafka.bootstrapServers(), topic)) {
            assertThat(late.awaitLoaded(Duration.ofSeconds(20))).isTrue();
            assertThat(registry.list()).hasSize(2);
            ApiKeyRegistry.CreatedKey globex = registry.create("globex", false, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> late.authenticate("Bearer " + globex.key()).isPresent());
        }
        assertThatThrownBy(() -> registry.create("acme", true, null)).hasMessageContaining("either for a tenant");
        assertThatThrownBy(() -> registry.create("bad tenant!", false, null)).hasMessageContaining("tenant must be");
    }
}
