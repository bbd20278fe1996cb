package io.tributary.cli;

import picocli.CommandLine;

/**
 * Turns an exception a command throws into one clear line on standard error and exit code 1, the way an
 * operator in an incident wants it. {@code TRIBUTARY_DEBUG=1} prints the stack trace as well.
 */
final class OneLineErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + message));
        if (System.getenv("TRIBUTARY_DEBUG") != null) {
            ex.printStackTrace(commandLine.getErr());
        }
        return 1;
    }
}
