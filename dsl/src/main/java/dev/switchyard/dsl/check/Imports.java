package dev.switchyard.dsl.check;

import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.Diagnostics;
import dev.switchyard.dsl.SourceParser;
import dev.switchyard.dsl.SourceSet;
import dev.switchyard.dsl.ast.Item;
import dev.switchyard.dsl.ast.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Follows {@code import "file.sy"}: paths resolve relative to the importing file and must stay
 * inside the project root (the main file's directory unless set) or a {@code --lib-path}
 * directory. Each file is read once; cycles are harmless.
 */
final class Imports {
    private Imports() {}

    static void load(Program main, Checker.Source source, CheckOptions options, SourceSet sources, Diagnostics diags,
                     List<Program> out) {
        if (source.path().isEmpty()) {
            for (Item i : main.items()) {
                if (i instanceof Item.Import im) {
                    diags.error("E004", im.span(), "import needs a file on disk; this source was given as text");
                }
            }
            return;
        }
        Path root = options.projectRoot().map(p -> p.toAbsolutePath().normalize())
                .orElse(source.path().get().getParent());
        Set<Path> seen = new HashSet<>();
        seen.add(source.path().get());
        Deque<Object[]> work = new ArrayDeque<>();
        work.add(new Object[] {main, source.path().get()});
        while (!work.isEmpty()) {
            Object[] next = work.poll();
            Program p = (Program) next[0];
            Path from = (Path) next[1];
            for (Item i : p.items()) {
                if (!(i instanceof Item.Import im)) continue;
                Path target;
                try {
                    target = from.getParent().resolve(im.path()).toAbsolutePath().normalize();
                } catch (RuntimeException e) {
                    diags.error("E004", im.span(), "invalid import path \"" + im.path() + "\"");
                    continue;
                }
                boolean allowed = target.startsWith(root)
                        || options.libPaths().stream().anyMatch(l -> target.startsWith(l.toAbsolutePath().normalize()));
                if (!allowed) {
                    diags.error("E005", im.span(), "import \"" + im.path() + "\" leaves the project root " + root.getFileName()
                            + "; allow its directory with --lib-path");
                    continue;
                }
                if (!seen.add(target)) continue;
                String text;
                try {
                    text = dev.switchyard.dsl.SourceText.read(target);
                } catch (dev.switchyard.dsl.SourceText.Unreadable e) {
                    String where = e.line > 0 ? " (" + e.line + ":" + e.column + ")" : "";
                    diags.error("E006", im.span(), "cannot read import \"" + im.path() + "\": " + e.getMessage() + where);
                    continue;
                }
                String name = root.relativize(target).toString();
                if (!target.startsWith(root)) name = target.getFileName().toString();
                sources.add(name, text);
                Optional<Program> parsed = SourceParser.parse(name, text, diags);
                if (parsed.isEmpty()) continue;
                out.add(parsed.get());
                work.add(new Object[] {parsed.get(), target});
            }
        }
    }
}
