package dev.switchyard.cli.train;

import dev.switchyard.cli.UserError;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --data DIR} of arrays: one {@code NAME.npy} per input, shaped {@code [N, …]} (N examples,
 * then the input's dims after the batch). Integer arrays of another integer width are converted
 * when every value fits; anything else of the wrong type or shape is an error naming the array.
 */
public final class ArrayData implements TrainingData {
    private final List<InputSpec> specs;
    private final Map<String, HostTensor> arrays;
    private final ExampleOrder order;

    private ArrayData(List<InputSpec> specs, Map<String, HostTensor> arrays, ExampleOrder order) {
        this.specs = specs;
        this.arrays = arrays;
        this.order = order;
    }

    /** True when {@code dir} holds {@code .npy} files (and so is array data, not text). */
    public static boolean isArrayDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".npy"));
        }
    }

    public static ArrayData load(Path dir, List<InputSpec> specs, long seed, boolean shuffle) throws UserError, IOException {
        Map<String, HostTensor> arrays = new LinkedHashMap<>();
        long examples = -1;
        String first = null;
        for (InputSpec spec : specs) {
            Path file = dir.resolve(spec.name() + ".npy");
            if (!Files.isRegularFile(file)) {
                throw new UserError(file + ": missing data for input '" + spec.name() + "', an array " + nShape(spec) + " of " + spec.type()
                        + " (the model's input is " + spec.describe() + ")");
            }
            HostTensor t;
            try {
                t = Npy.read(file);
            } catch (Npy.NpyFormatException e) {
                throw new UserError(e.getMessage());
            }
            t = convert(file, spec, t);
            long[] want = spec.exampleShape();
            long[] got = t.shape();
            if (got.length != want.length + 1 || !Arrays.equals(Arrays.copyOfRange(got, 1, got.length), want)) {
                throw new UserError(file + ": array '" + spec.name() + "' has shape " + Arrays.toString(got) + ", input '" + spec.name()
                        + "' needs " + nShape(spec) + " (the model's input is " + spec.describe() + ")");
            }
            if (examples >= 0 && got[0] != examples) {
                throw new UserError(file + ": array '" + spec.name() + "' has " + got[0] + " examples, array '" + first + "' has " + examples
                        + "; every array needs the same N");
            }
            if (examples < 0) {
                examples = got[0];
                first = spec.name();
            }
            arrays.put(spec.name(), t);
        }
        int batch = Math.toIntExact(specs.getFirst().batchSize());
        if (examples < batch) {
            throw new UserError(dir + ": holds " + examples + " examples, fewer than one batch of " + batch);
        }
        return new ArrayData(List.copyOf(specs), arrays, new ExampleOrder(Math.toIntExact(examples), batch, seed, shuffle));
    }

    /** {@code [N, 8]}: the array shape an input needs. */
    private static String nShape(InputSpec spec) {
        StringBuilder b = new StringBuilder("[N");
        for (long d : spec.exampleShape()) b.append(", ").append(d);
        return b.append(']').toString();
    }

    private static HostTensor convert(Path file, InputSpec spec, HostTensor t) throws UserError {
        if (t.elementType() == spec.type()) return t;
        if (!(t.elementType().isInteger() && spec.type().isInteger())) {
            throw new UserError(file + ": array '" + spec.name() + "' holds " + t.elementType() + ", input '" + spec.name() + "' needs "
                    + spec.type() + " (the model's input is " + spec.describe() + ")");
        }
        long[] values = t.toLongs();
        for (int i = 0; i < values.length; i++) {
            if (!HostTensor.fits(spec.type(), values[i])) {
                throw new UserError(file + ": array '" + spec.name() + "' holds " + values[i] + " at flat index " + i + ", which "
                        + spec.type() + " (input '" + spec.name() + "') cannot hold");
            }
        }
        return HostTensor.ofLongs(spec.type(), t.shape(), values);
    }

    @Override public long batchesPerEpoch() { return order.batchesPerEpoch(); }

    @Override
    public long tokensPerBatch() {
        InputSpec s = specs.getFirst();
        return s.batchSize() * s.exampleElements();
    }

    @Override
    public Map<String, HostTensor> batch(long position) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (InputSpec spec : specs) {
            HostTensor source = arrays.get(spec.name());
            int rowBytes = spec.exampleElements() * spec.type().byteSize();
            byte[] data = new byte[Math.toIntExact((long) rowBytes * order.batchSize())];
            for (int r = 0; r < order.batchSize(); r++) {
                System.arraycopy(source.data(), order.example(position, r) * rowBytes, data, r * rowBytes, rowBytes);
            }
            out.put(spec.name(), new HostTensor(spec.type(), spec.shape(), data));
        }
        return out;
    }

}
