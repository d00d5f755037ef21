package dev.switchyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.artifact.ManifestException;
import dev.switchyard.cli.artifact.ManifestJson;
import dev.switchyard.cli.inspect.MeshPlacement;
import dev.switchyard.cli.inspect.MeshSvg;
import dev.switchyard.cli.inspect.Placements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code switchyard inspect DIR}: what a compiled artifact holds and where: parameters, their
 * bytes, the mesh and each device's share; {@code --svg} draws the mesh. A model spec
 * ({@code .sy}) needs the compiler's cost model, which this build lacks.
 */
public final class InspectCommand implements Command {

    @Override public String name() { return "inspect"; }

    @Override public String summary() { return "show an artifact's parameters, mesh and per-device memory; draw the mesh (--svg)"; }

    @Override public String usage() { return "DIR|FILE.sy [--json] [--svg mesh.svg]"; }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("json").desc("print the report as JSON").get())
                .addOption(Option.builder().longOpt("svg").hasArg().argName("FILE").desc("draw the device mesh to FILE (SVG)").get())
                .addOption(Option.builder().longOpt("graph").hasArg().argName("FILE").desc("the model graph (needs a .sy and the compiler)").get());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<String> args = line.getArgList();
        if (args.size() != 1) throw new UserError("expected one artifact DIR or FILE.sy, got " + args.size() + " arguments");
        Path input = Path.of(args.get(0));
        if (input.getFileName().toString().endsWith(".sy")) {
            throw new UserError(input + ": inspecting a model spec needs the compiler's cost model, which this build lacks;"
                    + " compile it ('switchyard compile " + input + " -o DIR') and inspect DIR");
        }
        if (line.hasOption("graph")) throw new UserError("--graph needs a model spec (.sy); an artifact has no model graph");
        if (!Files.isDirectory(input)) throw new UserError(input + ": no such artifact directory");
        Manifest manifest;
        try {
            manifest = ManifestJson.read(input);
        } catch (ManifestException e) {
            throw new UserError(e.getMessage());
        }
        MeshPlacement placement = Placements.of(manifest);
        if (line.hasOption("svg")) {
            Path svg = Path.of(line.getOptionValue("svg"));
            Path parent = svg.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) throw new UserError(svg + ": directory " + parent + " does not exist");
            Files.writeString(svg, MeshSvg.render(placement));
            console.err().println("wrote " + svg + " (" + placement.devices().size() + " devices)");
        }
        if (line.hasOption("json")) {
            console.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report(manifest, placement)));
        } else {
            printTable(manifest, placement, console);
        }
        return Main.OK;
    }

    private static Map<String, Object> report(Manifest m, MeshPlacement p) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", m.source().file());
        r.put("entry_point", m.entryPoint());
        r.put("num_partitions", m.numPartitions());
        r.put("parameter_count", m.parameters().stream().mapToLong(ps -> ps.shape().stream().reduce(1L, Math::multiplyExact)).sum());
        r.put("parameter_bytes", m.parameters().stream().mapToLong(Manifest.ParameterSpec::byteSize).sum());
        r.put("placement", p);
        return r;
    }

    private static void printTable(Manifest m, MeshPlacement p, Console console) {
        var out = console.out();
        out.printf(Locale.ROOT, "%s (entry %s), mesh %s, %d partitions%n", m.source().file(), m.entryPoint(),
                SubmitCommand.describe(m.mesh()), m.numPartitions());
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {"parameter", "dtype", "shape", "sharding", "bytes"});
        long params = 0;
        long bytes = 0;
        for (Manifest.ParameterSpec ps : m.parameters()) {
            StringBuilder shape = new StringBuilder();
            StringBuilder sharding = new StringBuilder();
            for (int d = 0; d < ps.dims().size(); d++) {
                if (d > 0) {
                    shape.append(", ");
                    sharding.append(", ");
                }
                shape.append(ps.dims().get(d)).append('=').append(ps.shape().get(d));
                sharding.append(ps.sharding().get(d).isEmpty() ? "-" : String.join("+", ps.sharding().get(d)));
            }
            rows.add(new String[] {ps.path(), ps.dtype(), "[" + shape + "]", "[" + sharding + "]", MeshSvg.formatBytes(ps.byteSize())});
            params += ps.shape().stream().reduce(1L, Math::multiplyExact);
            bytes += ps.byteSize();
        }
        int[] widths = new int[5];
        for (String[] row : rows) for (int c = 0; c < 5; c++) widths[c] = Math.max(widths[c], row[c].length());
        for (String[] row : rows) {
            out.printf(Locale.ROOT, "%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %-" + widths[3] + "s  %"
                    + widths[4] + "s%n", (Object[]) row);
        }
        long maxDevice = p.devices().stream().mapToLong(MeshPlacement.Device::parameterBytes).max().orElse(0);
        out.printf(Locale.ROOT, "total: %,d parameters, %s; at most %s per device%n", params, MeshSvg.formatBytes(bytes), MeshSvg.formatBytes(maxDevice));
    }
}
