package dev.switchyard.compiler;

import dev.switchyard.dsl.graph.Mesh;
import dev.switchyard.hlo.ir.GenericPrinter;
import dev.switchyard.hlo.ir.PrettyPrinter;
import dev.switchyard.hlo.ir.ModuleOp;
import java.util.List;

/**
 * The result of a compile: the StableHLO module and the records the artifact writer puts in the
 * manifest.
 *
 * @param name            the model's name
 * @param module          the module; its {@code @main} takes {@link #params()} then {@link #inputs()}
 * @param params          parameters, in argument order
 * @param inputs          forward inputs, in argument order after the parameters
 * @param outputs         forward outputs, in result order
 * @param mesh            the mesh after {@code --mesh-shape}
 * @param numPartitions   devices the program is partitioned over ({@code mhlo.num_partitions})
 * @param options         the options it was compiled with
 */
public record CompiledModel(String name, ModuleOp module, List<ParamSpec> params, List<TensorSpec> inputs,
                            List<TensorSpec> outputs, Mesh mesh, long numPartitions, CompileOptions options) {
    public CompiledModel {
        params = List.copyOf(params);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The module in MLIR's generic form (what {@code mlir-opt --allow-unregistered-dialect} reads). */
    public String genericText() { return GenericPrinter.print(module); }

    /** The module in StableHLO's pretty form (what people read; {@code model.mlir}). */
    public String prettyText() { return PrettyPrinter.print(module); }

    /** Total parameter bytes. */
    public long parameterBytes() {
        long n = 0;
        for (ParamSpec p : params) n += p.bytes();
        return n;
    }
}
