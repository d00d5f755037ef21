package dev.switchyard.tests.xla;

import dev.switchyard.hlo.exec.Executable;
import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * One XlaCallModule op in its own graph and session. XLA compiles the module on the first run;
 * until a run has succeeded, native stderr is captured so that a compile error carries MLIR's
 * diagnostic rather than TensorFlow's bare "Cannot deserialize computation".
 */
final class XlaCpuExecutable implements Executable {

    private final Graph graph;
    private final Session session;
    private final List<String> feeds;
    private final MainSignature signature;
    private final List<TfCarrier> argCarriers;
    private final List<TfCarrier> resultCarriers;
    private final String module;
    private volatile boolean compiled;

    XlaCpuExecutable(Graph graph, Session session, List<String> feeds, MainSignature signature,
                     List<TfCarrier> argCarriers, List<TfCarrier> resultCarriers, String module) {
        this.graph = graph;
        this.session = session;
        this.feeds = List.copyOf(feeds);
        this.signature = signature;
        this.argCarriers = List.copyOf(argCarriers);
        this.resultCarriers = List.copyOf(resultCarriers);
        this.module = module;
    }

    @Override
    public List<HostTensor> execute(List<HostTensor> inputs) throws ExecutionException {
        checkInputs(inputs);
        List<Tensor> fed = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (int i = 0; i < inputs.size(); i++) {
                HostTensor in = inputs.get(i);
                ByteDataBuffer bytes = DataBuffers.of(in.data(), true, false);
                Tensor t = Tensor.of(argCarriers.get(i).tensorClass(), Shape.of(argCarriers.get(i).carrierType(in.shape()).shape()), bytes);
                fed.add(t);
                runner.feed(feeds.get(i), t);
            }
            for (int i = 0; i < resultCarriers.size(); i++) runner.fetch("call", i);
            if (compiled) {
                try (Result result = runner.run()) {
                    return outputs(result);
                }
            }
            NativeStderr.Captured<List<HostTensor>> run = NativeStderr.capture(() -> {
                try (Result result = runner.run()) {
                    return outputs(result);
                }
            });
            if (run.failure() != null) {
                throw XlaFailure.of("XLA failed to compile or run the module", run.failure(), run.stderr(), module);
            }
            compiled = true;
            return run.value();
        } catch (RuntimeException e) {
            throw new ExecutionException("XLA failed to run the module: " + e.getMessage(), e);
        } finally {
            fed.forEach(Tensor::close);
        }
    }

    private void checkInputs(List<HostTensor> inputs) throws ExecutionException {
        List<TensorType> expected = signature.arguments();
        if (inputs.size() != expected.size()) {
            throw new ExecutionException("@main takes " + expected.size() + " arguments, got " + inputs.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            HostTensor in = inputs.get(i);
            TensorType want = expected.get(i);
            if (in.elementType() != want.elementType() || !Arrays.equals(in.shape(), want.shape())) {
                throw new ExecutionException("argument " + i + " of @main is " + want.mlir() + ", got "
                        + new TensorType(in.elementType(), in.shape()).mlir());
            }
        }
    }

    private List<HostTensor> outputs(Result result) {
        List<HostTensor> out = new ArrayList<>();
        for (int i = 0; i < resultCarriers.size(); i++) {
            TensorType type = signature.results().get(i);
            Tensor t = result.get(i);
            long[] shape = t.shape().asArray();
            long[] carried = resultCarriers.get(i).carrierType(type.shape()).shape();
            if (!Arrays.equals(shape, carried) || t.dataType() != resultCarriers.get(i).dataType()) {
                throw new IllegalStateException("XLA returned " + t.dataType() + Arrays.toString(shape)
                        + " for result " + i + " declared " + type.mlir());
            }
            byte[] data = new byte[Math.toIntExact(t.numBytes())];
            t.asRawTensor().data().read(data);
            out.add(new HostTensor(type.elementType(), type.shape(), data));
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
