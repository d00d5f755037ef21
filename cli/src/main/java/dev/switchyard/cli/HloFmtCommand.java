package dev.switchyard.cli;

import dev.switchyard.hlo.ir.GenericPrinter;
import dev.switchyard.hlo.ir.HloParseException;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.PrettyPrinter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code switchyard hlo-fmt}: parses StableHLO text and prints it back, pretty or generic. */
final class HloFmtCommand implements Command {

    @Override public String name() { return "hlo-fmt"; }

    @Override public String summary() { return "parse StableHLO (MLIR text) and print it in pretty or generic form"; }

    @Override public String usage() { return "[--generic] [--split-input-file] FILE"; }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("generic").desc("print every op in MLIR's generic form").get());
        o.addOption(Option.builder().longOpt("split-input-file")
                .desc("treat lines '" + HloParser.SPLIT_MARKER + "' as separating independent modules").get());
        return o;
    }

    @Override
    public int run(CommandLine line, Console console) throws UserError {
        List<String> args = line.getArgList();
        if (args.size() != 1) throw new UserError("expected one FILE, got " + args.size() + " (usage: switchyard hlo-fmt " + usage() + ")");
        String file = args.get(0);
        String text = UserFiles.readText(Path.of(file));
        List<HloParser.Piece> pieces = line.hasOption("split-input-file") ? HloParser.split(text) : List.of(new HloParser.Piece(text, 1));
        boolean generic = line.hasOption("generic");
        List<String> printed = new ArrayList<>();
        int errors = 0;
        for (HloParser.Piece piece : pieces) {
            try {
                ModuleOp m = HloParser.parse(piece.text(), file, piece.firstLine());
                printed.add(generic ? GenericPrinter.print(m) : PrettyPrinter.print(m));
            } catch (HloParseException e) {
                errors++;
                console.err().println(e.getMessage());
                printSourceLine(text, e, console);
            }
        }
        console.out().print(String.join(HloParser.SPLIT_MARKER + "\n", printed));
        console.out().flush();
        return errors == 0 ? Main.OK : Main.USER_ERROR;
    }

    /** The offending line with a caret under the column, as compilers show it. */
    private static void printSourceLine(String text, HloParseException e, Console console) {
        String[] lines = text.split("\n", -1);
        if (e.line() < 1 || e.line() > lines.length) return;
        String src = lines[e.line() - 1];
        if (src.length() > 200) return;
        console.err().println("  " + src);
        console.err().println("  " + " ".repeat(Math.max(0, Math.min(e.column() - 1, src.length()))) + "^");
    }
}
