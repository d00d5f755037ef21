package dev.switchyard.cli;

import java.util.List;

/**
 * The registry of subcommands; a new command is one class plus one line here.
 * One entry per line, each ending in a comma, so that branches adding commands merge cleanly.
 */
final class Commands {
    private Commands() {}

    static List<Command> all() {
        return List.of(new Command[] {
                new CheckCommand(),
                new HloFmtCommand(),
                new InterpretCommand(),
                new CompileCommand(),
                new InspectCommand(),
                new DevicesCommand(),
                new RunCommand(),
                new BenchCommand(),
                new SubmitCommand(),
                new FmtCommand(),
                new ImportCommand(),
                new ExportCommand(),
                new TrainCommand(),
                new CompletionCommand(Commands::all),
        });
    }
}
