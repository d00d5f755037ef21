package dev.switchyard.cli;

import dev.switchyard.cli.model.ModelSpecs;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.CheckResult;
import dev.switchyard.dsl.SourceParser;
import dev.switchyard.dsl.Diagnostics;
import dev.switchyard.dsl.ast.AstPrinter;
import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.dsl.graph.ModelGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code switchyard check FILE…}: parse, resolve, type-check and elaborate model specs. */
public final class CheckCommand implements Command {

    @Override public String name() { return "check"; }

    @Override public String summary() { return "check model specs (*.sy): syntax, names, named-dim types, mesh and layout"; }

    @Override public String usage() { return "[--emit ast|types|graph] [--mesh NAME] [--mesh-shape a=N,…] [--set dim=N] FILE.sy…"; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("emit").hasArg().argName("WHAT").desc("print ast, types or graph").get());
        o.addOption(Option.builder().longOpt("mesh").hasArg().argName("NAME").desc("the mesh to check for (default: the first declared)").get());
        o.addOption(Option.builder().longOpt("mesh-shape").hasArg().argName("AXIS=N,…").desc("override mesh axis sizes").get());
        o.addOption(Option.builder().longOpt("set").hasArg().argName("NAME=VALUE").desc("override a top-level dim or const (repeatable)").get());
        o.addOption(Option.builder().longOpt("lib-path").hasArg().argName("DIR").desc("directory outside the project that imports may read (repeatable)").get());
        o.addOption(Option.builder().longOpt("max-errors").hasArg().argName("N").desc("stop after N errors (default 20)").get());
        return o;
    }

    @Override public int run(CommandLine line, Console console) throws UserError {
        List<String> files = line.getArgList();
        if (files.isEmpty()) throw new UserError("no input file (usage: switchyard check " + usage() + ")");
        String emit = line.getOptionValue("emit", "");
        if (!List.of("", "ast", "types", "graph").contains(emit)) {
            throw new UserError("--emit must be ast, types or graph, got '" + emit + "'");
        }
        CheckOptions options = options(line);
        int exit = Main.OK;
        for (String f : files) {
            Path path = Path.of(f);
            if (Files.isDirectory(path)) {
                console.err().println(f + ": error: is a directory, not a model spec");
                exit = Main.USER_ERROR;
                continue;
            }
            if (emit.equals("ast")) {
                exit = Math.max(exit, emitAst(path, options, console));
                continue;
            }
            Optional<CheckResult> checked = ModelSpecs.checkResult(path, options, console);
            if (checked.isEmpty()) {
                exit = Main.USER_ERROR;
                continue;
            }
            CheckResult r = checked.get();
            ModelGraph g = r.graph().orElseThrow();
            switch (emit) {
                case "types" -> console.out().print(r.types());
                case "graph" -> console.out().print(g.print());
                default -> console.out().println(f + ": ok: model " + g.name() + ", " + g.params().size() + " parameter tensors ("
                        + g.parameterCount() + " values), " + g.nodes().size() + " ops; " + describe(g.mesh()));
            }
        }
        return exit;
    }

    static String describe(Mesh m) {
        if (m.axes().isEmpty()) return "mesh " + m.name() + ": 1 device";
        return "mesh " + m.name() + ": " + String.join(" × ", m.axes().stream().map(Mesh.Axis::toString).toList())
                + " = " + m.devices() + " device" + (m.devices() == 1 ? "" : "s");
    }

    private static int emitAst(Path path, CheckOptions options, Console console) throws UserError {
        String text = UserFiles.readText(path);
        Diagnostics d = new Diagnostics(options.maxErrors());
        var program = SourceParser.parse(path.toString(), text, d);
        if (program.isEmpty()) {
            var sources = new dev.switchyard.dsl.SourceSet();
            sources.add(path.toString(), text);
            console.err().print(dev.switchyard.dsl.DiagnosticRenderer.render(d.all(), sources));
            return Main.USER_ERROR;
        }
        console.out().print(AstPrinter.print(program.get()));
        return Main.OK;
    }

    static CheckOptions options(CommandLine line) throws UserError {
        CheckOptions o = CheckOptions.defaults();
        if (line.hasOption("mesh")) o = o.withMesh(line.getOptionValue("mesh"));
        if (line.hasOption("mesh-shape")) {
            o = o.withMeshShape(meshShape(line.getOptionValue("mesh-shape")));
        }
        if (line.hasOption("set")) {
            Map<String, Double> set = new LinkedHashMap<>();
            for (String part : line.getOptionValues("set")) {
                String[] kv = part.split("=", 2);
                try {
                    set.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
                } catch (RuntimeException e) {
                    throw new UserError("--set expects name=number, got '" + part + "'");
                }
            }
            o = o.withDimOverrides(set);
        }
        if (line.hasOption("lib-path")) {
            List<Path> libs = new ArrayList<>();
            for (String p : line.getOptionValues("lib-path")) libs.add(Path.of(p));
            o = o.withLibPaths(libs);
        }
        if (line.hasOption("max-errors")) o = o.withMaxErrors((int) NumberOptions.inRange(line, "max-errors", 1, 10_000));
        return o;
    }

    /** {@code --mesh-shape data=2,expert=4}: axis names with sizes of at least 1, each axis once. */
    static Map<String, Long> meshShape(String text) throws UserError {
        Map<String, Long> shape = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            String[] kv = part.split("=", 2);
            long size;
            try {
                size = Long.parseLong(kv[1].trim());
            } catch (RuntimeException e) {
                throw new UserError("--mesh-shape expects axis=N,…, got '" + part + "'");
            }
            String axis = kv[0].trim();
            if (axis.isEmpty()) throw new UserError("--mesh-shape: '" + part + "' names no axis (expected axis=N)");
            if (size < 1) throw new UserError("--mesh-shape: axis '" + axis + "' has size " + size + "; sizes are at least 1");
            if (shape.put(axis, size) != null) throw new UserError("--mesh-shape: axis '" + axis + "' is given twice");
        }
        return shape;
    }
}
