package io.tributary.cli;

import io.tributary.model.auth.ApiKeyRegistry;
import io.tributary.model.auth.StoredApiKey;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary keys}: the shared API key store of the ingestion and admin APIs, on the compacted
 * {@code tributary.api-keys} topic. Talks to Kafka directly, so the first admin key needs no other key.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Create, list and revoke API keys of the ingestion and admin APIs.",
            "Only a hash of each key is stored; a revoked key stops working within seconds on every instance."},
        subcommands = {KeysCommand.Create.class, KeysCommand.ListAll.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the key store is. */
    static final class Store {
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers (default: TRIBUTARY_KAFKA or the local stack's).")
        String bootstrapServers;

        @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "tributary.api-keys",
                description = "The key store's topic (default: ${DEFAULT-VALUE}).")
        String topic;

        ApiKeyRegistry registry() {
            return new ApiKeyRegistry(Endpoints.fromSystem().require(bootstrapServers, "TRIBUTARY_KAFKA",
                    "--bootstrap-servers"), topic);
        }
    }

    abstract static class Base implements Callable<Integer> {
        @Mixin
        Store store;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** For whom a key is. */
    static final class Scope {
        @Option(names = "--tenant", paramLabel = "TENANT", required = true,
                description = "A tenant key: publishes and manages subscriptions for this tenant only.")
        String tenant;

        @Option(names = "--admin", required = true, description = "An admin key: every tenant, and the tables API.")
        boolean admin;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key and print it once; store it now, only its hash is kept.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./tributary keys create --tenant co_1 --description 'billing service'",
                "  ./tributary keys create --admin"})
    static final class Create extends Base {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the key is for.")
        String description;

        @Override
        public Integer call() {
            ApiKeyRegistry.CreatedKey created = store.registry().create(scope.admin ? null : scope.tenant,
                    scope.admin, description);
            PrintWriter out = out();
            out.println(created.key());
            out.flush();
            spec.commandLine().getErr().printf("created %s (%s); the key above is shown only this once%n",
                    created.stored().id(), scope.admin ? "admin" : "tenant " + scope.tenant);
            spec.commandLine().getErr().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys (ids, never the keys).",
            footerHeading = "%nExample:%n", footer = "  ./tributary keys list")
    static final class ListAll extends Base {
        @Override
        public Integer call() {
            List<StoredApiKey> keys = store.registry().list();
            PrintWriter out = out();
            String format = "%-18s %-20s %-26s %-26s %s%n";
            out.printf(format, "ID", "FOR", "CREATED", "REVOKED", "DESCRIPTION");
            for (StoredApiKey key : keys) {
                out.printf(format, key.id(), key.admin() ? "admin" : "tenant " + key.tenant(), key.createdAt(),
                        key.revoked() ? key.revokedAt() : "-", key.description() == null ? "" : key.description());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a key: it stops working within seconds on every instance.",
            footerHeading = "%nExample:%n", footer = "  ./tributary keys revoke key_3f9a0c1d2e4b")
    static final class Revoke extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            StoredApiKey key = store.registry().revoke(id)
                    .orElseThrow(() -> new IllegalArgumentException("no key " + id + "; see ./tributary keys list"));
            out().printf("revoked %s at %s%n", key.id(), key.revokedAt());
            out().flush();
            return 0;
        }
    }
}
