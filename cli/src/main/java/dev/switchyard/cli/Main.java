package dev.switchyard.cli;

import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** The {@code switchyard} command: dispatches to subcommands; exit 0 ok, 1 user error, 2 internal error. */
public final class Main {

    public static final int OK = 0;
    public static final int USER_ERROR = 1;
    public static final int INTERNAL_ERROR = 2;

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public Main(List<Command> commands) {
        for (Command c : commands) this.commands.put(c.name(), c);
    }

    /** Every command the product ships, in the order {@code --help} lists them. */
    public static Main standard() {
        return new Main(Commands.all());
    }

    public static void main(String[] args) {
        System.exit(standard().run(args, Console.system()));
    }

    public int run(String[] args, Console console) {
        if (args.length == 2 && args[0].equals("help") && commands.containsKey(args[1])) {
            Command command = commands.get(args[1]);
            printHelp(command, withHelp(command.options()), console);
            return OK;
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printOverview(console);
            return args.length == 0 ? USER_ERROR : OK;
        }
        if (args[0].equals("--version")) {
            console.out().println("switchyard " + Version.current());
            // the one JVM line users otherwise read as a fault, explained where they look first
            console.out().println("note: commands that execute models (run, bench, interpret) start Java with the incubating");
            console.out().println("  Vector API for the interpreter's matrix kernel; the JVM then prints 'WARNING: Using incubator");
            console.out().println("  modules: jdk.incubator.vector' on stderr. That line is expected and harmless.");
            return OK;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            console.err().println("switchyard: error: unknown command '" + args[0] + "' (see 'switchyard --help')");
            return USER_ERROR;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Options options = withHelp(command.options());
        CommandLine line;
        try {
            line = new DefaultParser().parse(options, rest);
        } catch (ParseException e) {
            console.err().println("switchyard " + command.name() + ": error: " + e.getMessage());
            console.err().println("usage: switchyard " + command.name() + " " + command.usage());
            return USER_ERROR;
        }
        if (line.hasOption("help")) {
            printHelp(command, options, console);
            return OK;
        }
        Optional<String> twice = repeatedValue(line);
        if (twice.isPresent()) {
            // the parser would keep the first value and drop the second without a word
            console.err().println("switchyard " + command.name() + ": error: --" + twice.get() + " is given more than once; give it once");
            return USER_ERROR;
        }
        try {
            return command.run(line, console);
        } catch (UserError e) {
            console.err().println("switchyard " + command.name() + ": error: " + e.getMessage());
            return USER_ERROR;
        } catch (FileSystemException | CharacterCodingException e) {
            // a path the user named that cannot be read or written: their environment, not our bug
            console.err().println("switchyard " + command.name() + ": error: " + UserFiles.describe(e));
            return USER_ERROR;
        } catch (OutOfMemoryError e) {
            console.err().println("switchyard " + command.name() + ": internal error: out of memory (this JVM may use at most "
                    + UserFiles.gib(Runtime.getRuntime().maxMemory()) + "); raise the limit with SWITCHYARD_JAVA_OPTS=-Xmx<size>,"
                    + " or pick a smaller model or mesh");
            return INTERNAL_ERROR;
        } catch (Exception | StackOverflowError e) {
            console.err().println("switchyard " + command.name() + ": internal error: " + e);
            e.printStackTrace(console.err());
            return INTERNAL_ERROR;
        }
    }

    /** An option taking a value that occurs twice, unless its description says it is repeatable. */
    private static Optional<String> repeatedValue(CommandLine line) {
        Set<String> seen = new HashSet<>();
        for (Option o : line.getOptions()) {
            boolean repeatable = o.getDescription() != null && o.getDescription().contains("(repeatable)");
            if (o.hasArg() && !repeatable && !seen.add(o.getKey())) return Optional.of(o.getLongOpt() != null ? o.getLongOpt() : o.getOpt());
        }
        return Optional.empty();
    }

    private static Options withHelp(Options options) {
        return options.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    private void printOverview(Console console) {
        PrintWriter w = new PrintWriter(console.out(), true);
        w.println("usage: switchyard COMMAND [OPTIONS] [ARGS]");
        w.println();
        w.println("Compile Switch Transformer model specs (*.sy) to StableHLO and run them.");
        w.println();
        w.println("commands:");
        for (Command c : commands.values()) {
            w.printf("  %-12s %s%n", c.name(), c.summary());
        }
        w.println();
        w.println("Run 'switchyard COMMAND --help' (or 'switchyard help COMMAND') for a command's options.");
        w.flush();
    }

    private static void printHelp(Command command, Options options, Console console) {
        PrintWriter w = new PrintWriter(console.out(), true);
        HelpFormatter f = HelpFormatter.builder().setPrintWriter(w).get();
        f.printHelp(w, 100, "switchyard " + command.name() + " " + command.usage(),
                command.summary(), options, 2, 4, "", false);
        w.flush();
    }
}
