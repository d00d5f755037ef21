package dev.switchyard.cli;

import dev.switchyard.dsl.DiagnosticRenderer;
import dev.switchyard.dsl.Diagnostics;
import dev.switchyard.dsl.Formatter;
import dev.switchyard.dsl.SourceSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code switchyard fmt [--check] FILE…}: rewrite model specs in the canonical layout. */
public final class FmtCommand implements Command {

    @Override public String name() { return "fmt"; }

    @Override public String summary() { return "format model specs (*.sy) in the canonical layout, keeping comments"; }

    @Override public String usage() { return "[--check] FILE.sy…"; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("check").desc("change nothing; exit 1 if a file is not formatted").get());
        return o;
    }

    @Override public int run(CommandLine line, Console console) throws UserError {
        List<String> files = line.getArgList();
        if (files.isEmpty()) throw new UserError("no input file (usage: switchyard fmt " + usage() + ")");
        boolean check = line.hasOption("check");
        int exit = Main.OK;
        for (String f : files) {
            Path path = Path.of(f);
            String text = UserFiles.readText(path);
            Diagnostics d = new Diagnostics(20);
            Optional<String> formatted = Formatter.format(f, text, d);
            if (formatted.isEmpty()) {
                SourceSet sources = new SourceSet();
                sources.add(f, text);
                console.err().print(DiagnosticRenderer.render(d.all(), sources));
                console.err().println(f + ": not formatted (syntax errors)");
                exit = Main.USER_ERROR;
                continue;
            }
            if (formatted.get().equals(text)) continue;
            if (check) {
                console.out().println(f + ": would be reformatted");
                exit = Main.USER_ERROR;
            } else {
                try {
                    replace(path, formatted.get());
                } catch (IOException e) {
                    throw new UserError("cannot write " + f + " (left as it was): " + UserFiles.describe(e));
                }
                console.out().println(f + ": formatted");
            }
        }
        return exit;
    }

    /**
     * Writes the new text beside the file and renames it over the original, so a full disk or a
     * kill leaves the old source whole; the file keeps its permissions, and a link its target.
     */
    static void replace(Path file, String text) throws IOException {
        Path real = file.toRealPath();
        Path temp = Files.createTempFile(real.getParent(), "." + real.getFileName() + ".", ".fmt");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(real));
            } catch (UnsupportedOperationException notPosix) {
                // other file systems: the temp file's permissions stand
            }
            Files.move(temp, real, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
