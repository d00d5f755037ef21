package dev.switchyard.cli.artifact;

import dev.switchyard.hlo.ir.FuncOp;
import dev.switchyard.hlo.ir.HloParseException;
import dev.switchyard.hlo.ir.HloParser;
import dev.switchyard.hlo.ir.Location;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.Operation;
import dev.switchyard.hlo.ir.Type;
import dev.switchyard.hlo.tensor.ElementType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks an artifact's {@code model.mlir} against its manifest before anything runs: the module
 * parses (errors located in the file), it has the entry function, and that function takes the
 * parameters and inputs and returns the outputs the manifest describes. An artifact edited or
 * truncated by hand then fails with the file and the disagreement named, not deep in a backend.
 */
public final class ArtifactModule {
    private ArtifactModule() {}

    /** Throws with {@code file:line:col} or the first disagreement; {@code file} names the module in messages. */
    public static void check(String moduleText, String file, Manifest m) throws ManifestException {
        ModuleOp module;
        try {
            module = HloParser.parse(moduleText, file);
        } catch (HloParseException e) {
            throw new ManifestException(e.getMessage() + " (the artifact is damaged; compile it again)");
        }
        Optional<FuncOp> entry = module.function(m.entryPoint());
        if (entry.isEmpty()) {
            throw new ManifestException(file + ": has no function @" + m.entryPoint() + ", the manifest's entry_point");
        }
        // the parser accepts a body without its return; the interpreter would fail later, naming no file
        Optional<Operation> last = entry.get().bodyRegion().isEmpty() ? Optional.empty() : entry.get().body().terminator();
        if (last.isEmpty() || !last.get().name().equals("func.return")) {
            Location at = last.map(Operation::location).filter(Location::isKnown).orElse(entry.get().op().location());
            throw new ManifestException((at.isKnown() ? at.toString() : file) + ": @" + m.entryPoint() + " does not end with func.return"
                    + " (the artifact is damaged; compile it again)");
        }
        Type.FunctionType type = entry.get().type();
        // a train step's arguments are its whole state (parameters among it) and the inputs
        boolean train = m.entry().kind().equals(Manifest.Entry.TRAIN);
        int carried = train ? m.entry().state().size() : m.parameters().size();
        if (type.inputs().size() != carried + m.inputs().size()) {
            throw new ManifestException(file + ": @" + m.entryPoint() + " takes " + type.inputs().size() + " arguments but the manifest"
                    + " lists " + carried + (train ? " state tensors" : " parameters") + " and " + m.inputs().size() + " inputs");
        }
        for (Manifest.StateSpec st : m.entry().state()) {
            agree(file, m, "state tensor '" + st.path() + "'", st.dtype(), st.shape(), type.inputs().get(st.argumentIndex()), "argument " + st.argumentIndex());
        }
        if (type.results().size() != m.outputs().size()) {
            throw new ManifestException(file + ": @" + m.entryPoint() + " returns " + type.results().size() + " results but the manifest"
                    + " lists " + m.outputs().size() + " outputs");
        }
        for (Manifest.ParameterSpec p : m.parameters()) {
            agree(file, m, "parameter '" + p.path() + "'", p.dtype(), p.shape(), type.inputs().get(p.argumentIndex()), "argument " + p.argumentIndex());
        }
        for (Manifest.TensorSpec in : m.inputs()) {
            agree(file, m, "input '" + in.name() + "'", in.dtype(), in.shape(), type.inputs().get(in.argumentIndex()), "argument " + in.argumentIndex());
        }
        for (int i = 0; i < m.outputs().size(); i++) {
            Manifest.TensorSpec out = m.outputs().get(i);
            agree(file, m, "output '" + out.name() + "'", out.dtype(), out.shape(), type.results().get(i), "result " + i);
        }
    }

    private static void agree(String file, Manifest m, String what, String dtype, List<Long> shape, Type actual, String position)
            throws ManifestException {
        if (!(actual instanceof Type.TensorType t) || !t.ranked()) return; // tokens, tuples, unranked: the backend judges
        long[] want = shape.stream().mapToLong(Long::longValue).toArray();
        boolean sameType = t.knownElementType().map(ElementType::mlirName).map(dtype::equals).orElse(true);
        if (!sameType || !Arrays.equals(want, t.shape())) {
            throw new ManifestException(file + ": " + position + " of @" + m.entryPoint() + " is " + actual.text() + " but the manifest's "
                    + what + " is " + dtype + Arrays.toString(want));
        }
    }
}
