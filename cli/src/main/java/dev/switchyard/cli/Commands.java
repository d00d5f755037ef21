package dev.switchyard.cli;

import java.util.List;

/** The registry of subcommands; a new command is one class plus one line here. */
final class Commands {
    private Commands() {}

    static List<Command> all() {
                <<<<<<< HEAD,
                return List.of(,
                new SubmitCommand(),
                new HloFmtCommand(),
                new InterpretCommand(),
                new DevicesCommand(),
        );
=======
        return List.of(new CheckCommand());
>>>>>>> dsl
=======
        return List.of(
                new CheckCommand(),
                new InspectCommand(),
                new SubmitCommand(),
                new CompletionCommand(Commands::all)
        );
>>>>>>> cli
    }
}
