package dev.switchyard.cli;

import java.util.List;

/** The registry of subcommands; a new command is one class plus one line here. */
final class Commands {
    private Commands() {}

    static List<Command> all() {
        return List.of(new CheckCommand(), new FmtCommand());
    }
}
