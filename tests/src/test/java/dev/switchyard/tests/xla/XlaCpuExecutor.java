package dev.switchyard.tests.xla;

import dev.switchyard.hlo.exec.CompileOptions;
import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.exec.Executor;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * Real XLA on the CPU as a test oracle: TensorFlow's {@code XlaCallModule} op (what JAX's jax2tf
 * emits) compiles a StableHLO module with XLA and runs it. The op has no generated Java class, so
 * it is built with the graph's generic op builder; {@code Tin}/{@code Tout}/{@code Sout} are derived
 * from {@code @main}'s signature because the op does not check them against the module.
 *
 * <p>One device only: shardings in the GSPMD form ({@code mhlo.sharding}) are ignored by XLA on
 * one device, while Shardy ({@code sdy.*}) is rejected and must be converted or stripped first.
 */
public final class XlaCpuExecutor implements Executor {

    /** XlaCallModule serialization versions 4-9 are accepted by TF 2.18; 9 is the newest. */
    private static final long MODULE_VERSION = 9;

    @Override
    public String name() { return "xla:cpu"; }

    @Override
    public Executable compile(String moduleText, CompileOptions options) throws ExecutionException {
        if (!options.entryFunction().equals("main")) {
            throw new ExecutionException("XlaCallModule runs @main only; got entry function @" + options.entryFunction());
        }
        if (options.numPartitions() != 1 || options.numReplicas() != 1) {
            throw new ExecutionException("the XLA CPU oracle runs on one device; got " + options.numReplicas()
                    + " replicas x " + options.numPartitions() + " partitions (reduce the mesh to one device)");
        }
        TensorFlowRuntime.load();
        MainSignature signature = MainSignatureParser.parse(moduleText, "main");
        List<TfCarrier> argCarriers = carriers(signature.arguments());
        List<TfCarrier> resultCarriers = carriers(signature.results());
        boolean wrap = argCarriers.stream().anyMatch(TfCarrier::needsWrapper)
                || resultCarriers.stream().anyMatch(TfCarrier::needsWrapper);
        String module = wrap ? CarrierWrapper.wrap(moduleText, signature, argCarriers, resultCarriers) : moduleText;

        Graph graph = new Graph();
        try {
            List<String> feeds = new ArrayList<>();
            List<Output<?>> inputs = new ArrayList<>();
            for (int i = 0; i < argCarriers.size(); i++) {
                String name = "arg" + i;
                GraphOperation placeholder = graph.opBuilder("Placeholder", name, graph.baseScope())
                        .setAttr("dtype", argCarriers.get(i).dataType())
                        .setAttr("shape", Shape.of(argCarriers.get(i).carrierType(signature.arguments().get(i).shape()).shape()))
                        .build();
                feeds.add(name);
                inputs.add(placeholder.output(0));
            }
            DataType[] tin = argCarriers.stream().map(TfCarrier::dataType).toArray(DataType[]::new);
            DataType[] tout = resultCarriers.stream().map(TfCarrier::dataType).toArray(DataType[]::new);
            Shape[] sout = new Shape[resultCarriers.size()];
            for (int i = 0; i < sout.length; i++) {
                sout[i] = Shape.of(resultCarriers.get(i).carrierType(signature.results().get(i).shape()).shape());
            }
            NativeStderr.Captured<GraphOperation> built = NativeStderr.capture(() -> graph.opBuilder("XlaCallModule", "call", graph.baseScope())
                    .addInputList(inputs.toArray(Output<?>[]::new))
                    .setAttr("Tin", tin)
                    .setAttr("Tout", tout)
                    .setAttr("Sout", sout)
                    .setAttr("version", MODULE_VERSION)
                    .setAttr("module", module)
                    .setAttr("platforms", new String[] {"CPU"})
                    .build());
            if (built.failure() != null) {
                throw XlaFailure.of("XLA rejected the module", built.failure(), built.stderr(), module);
            }
            return new XlaCpuExecutable(graph, new Session(graph), feeds, signature, argCarriers, resultCarriers, module);
        } catch (ExecutionException | RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    private static List<TfCarrier> carriers(List<TensorType> types) throws ExecutionException {
        List<TfCarrier> out = new ArrayList<>();
        for (TensorType t : types) out.add(TfCarrier.of(t.elementType()));
        return out;
    }
}
