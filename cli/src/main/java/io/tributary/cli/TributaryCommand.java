package io.tributary.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tributary} command: the operator's entry point to every Tributary function. */
@Command(name = "tributary", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Event routing on Kafka: capture, route and deliver changes reliably.",
        subcommands = {FiltersCommand.class, SubscriptionsCommand.class, TablesCommand.class, KeysCommand.class,
            TopicsCommand.class, EventsCommand.class, DeliveriesCommand.class, ReplayCommand.class, DltCommand.class,
            LagCommand.class, SearchCommand.class,
            CommandLine.HelpCommand.class})
public final class TributaryCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A command line with Tributary's error handling, for {@link #main} and tests. */
    static CommandLine newCommandLine() {
        return new CommandLine(new TributaryCommand())
                .setExecutionExceptionHandler(new OneLineErrorHandler());
    }
}
