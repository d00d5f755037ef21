package dev.switchyard.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One subcommand of {@code switchyard}. The shell parses the options (so every command gets
 * {@code --help} and the same error handling) and calls {@link #run}.
 */
public interface Command {

    /** The word users type, e.g. {@code compile}. */
    String name();

    /** One line for {@code switchyard --help}. */
    String summary();

    /** Usage after the command name, e.g. {@code FILE.sy -o DIR}. */
    String usage();

    /** The command's options; {@code --help} is added by the shell. */
    Options options();

    /**
     * Runs the command. Returns the exit code (0 ok, 1 user error already reported);
     * throws {@link UserError} for a mistake the user can fix, anything else is an internal error.
     */
    int run(CommandLine line, Console console) throws Exception;
}
