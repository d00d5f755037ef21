package dev.switchyard.cli.train;

import dev.switchyard.cli.UserError;
import dev.switchyard.hlo.tensor.HostTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Byte-level text cut into examples for the model's objective, chosen by its inputs:
 * <ul>
 *   <li>{@code inputs}, {@code decoder_inputs}, {@code targets} (an encoder-decoder): T5 span
 *       corruption of raw chunks as long as fits both lengths ({@link SpanCorruption#chunkLength});
 *       {@code decoder_inputs} are the targets shifted right behind a 0 (T5's decoder start);</li>
 *   <li>{@code inputs}, {@code targets} of the same shape (a decoder-only model): next-token
 *       prediction on chunks of length + 1, targets the inputs shifted left.</li>
 * </ul>
 * The packed token stream is cut into consecutive chunks; the remainder is dropped. Shorter rows are
 * padded with 0. The noise mask of an example is drawn from the seed, the epoch and the example.
 */
public final class TextData implements TrainingData {

    public enum Objective { SPAN_CORRUPTION, NEXT_TOKEN }

    private final Objective objective;
    private final int[] stream;
    private final int chunk;
    private final Map<String, InputSpec> specs;
    private final SpanCorruption corruption;
    private final ExampleOrder order;
    private final long seed;

    private TextData(Objective objective, int[] stream, int chunk, Map<String, InputSpec> specs, SpanCorruption corruption,
                     ExampleOrder order, long seed) {
        this.objective = objective;
        this.stream = stream;
        this.chunk = chunk;
        this.specs = specs;
        this.corruption = corruption;
        this.order = order;
        this.seed = seed;
    }

    /** The objective for these inputs, or an error saying what text data needs. */
    public static Objective objective(List<InputSpec> inputs, String model) throws UserError {
        Map<String, InputSpec> byName = byName(inputs);
        if (byName.keySet().equals(java.util.Set.of("inputs", "decoder_inputs", "targets"))) {
            requireTokens(inputs, model);
            if (!Arrays.equals(byName.get("decoder_inputs").shape(), byName.get("targets").shape())) {
                throw new UserError(model + ": decoder_inputs " + byName.get("decoder_inputs").describe() + " and targets "
                        + byName.get("targets").describe() + " must have the same shape for span corruption");
            }
            return Objective.SPAN_CORRUPTION;
        }
        if (byName.keySet().equals(java.util.Set.of("inputs", "targets"))) {
            requireTokens(inputs, model);
            if (!Arrays.equals(byName.get("inputs").shape(), byName.get("targets").shape())) {
                throw new UserError(model + ": inputs " + byName.get("inputs").describe() + " and targets "
                        + byName.get("targets").describe() + " must have the same shape for next-token prediction");
            }
            return Objective.NEXT_TOKEN;
        }
        throw new UserError(model + ": text data needs inputs (inputs, decoder_inputs, targets) for span corruption or (inputs, targets)"
                + " for next-token prediction; this model's data inputs are " + inputs.stream().map(InputSpec::name).toList()
                + "; give --data DIR of NAME.npy arrays instead");
    }

    private static void requireTokens(List<InputSpec> inputs, String model) throws UserError {
        for (InputSpec s : inputs) {
            if (!s.type().isInteger() || s.shape().length != 2) {
                throw new UserError(model + ": input '" + s.name() + "' is " + s.describe() + "; text data needs integer token ids [batch, length]");
            }
        }
    }

    /**
     * Examples from {@code documents} for a model with vocabulary {@code vocab}.
     *
     * @param what for messages: the data's path, or "held-out eval data"
     */
    public static TextData of(List<String> documents, List<InputSpec> inputs, long vocab, String model, String what, long seed,
                              boolean shuffle) throws UserError {
        Objective objective = objective(inputs, model);
        ByteTokenizer.requireVocab(vocab, model);
        Map<String, InputSpec> byName = byName(inputs);
        int[] stream = TextCorpus.pack(documents);
        int inputsLength = Math.toIntExact(byName.get("inputs").shape()[1]);
        SpanCorruption corruption = SpanCorruption.t5(Math.toIntExact(vocab));
        int chunk = switch (objective) {
            case SPAN_CORRUPTION -> corruption.chunkLength(inputsLength, Math.toIntExact(byName.get("targets").shape()[1]));
            case NEXT_TOKEN -> inputsLength + 1;
        };
        if (chunk < 2) {
            throw new UserError(model + ": sequences of " + inputsLength + " tokens are too short to train on text");
        }
        int batch = Math.toIntExact(byName.get("inputs").batchSize());
        int examples = stream.length / chunk;
        if (examples < batch) {
            throw new UserError(what + ": " + stream.length + " tokens make " + examples + " examples of " + chunk
                    + " tokens, fewer than one batch of " + batch);
        }
        return new TextData(objective, stream, chunk, byName, corruption, new ExampleOrder(examples, batch, seed, shuffle), seed);
    }

    private static Map<String, InputSpec> byName(List<InputSpec> inputs) {
        Map<String, InputSpec> m = new LinkedHashMap<>();
        for (InputSpec s : inputs) m.put(s.name(), s);
        return m;
    }

    public Objective objective() { return objective; }

    /** Raw tokens per example. */
    public int chunkLength() { return chunk; }

    @Override public long batchesPerEpoch() { return order.batchesPerEpoch(); }

    @Override
    public long tokensPerBatch() {
        long n = 0;
        for (String name : List.of("inputs", "decoder_inputs")) {
            Optional<InputSpec> s = Optional.ofNullable(specs.get(name));
            if (s.isPresent()) n += s.get().batchSize() * s.get().exampleElements();
        }
        return n;
    }

    @Override
    public Map<String, HostTensor> batch(long position) {
        int batch = order.batchSize();
        Map<String, long[]> rows = new LinkedHashMap<>();
        for (InputSpec s : specs.values()) rows.put(s.name(), new long[batch * s.exampleElements()]);
        long epoch = order.epoch(position);
        for (int r = 0; r < batch; r++) {
            int example = order.example(position, r);
            int[] tokens = Arrays.copyOfRange(stream, example * chunk, (example + 1) * chunk);
            switch (objective) {
                case SPAN_CORRUPTION -> {
                    SplittableRandom random = new SplittableRandom(Mixing.mix(seed, epoch, example));
                    SpanCorruption.Example e = corruption.corrupt(tokens, corruption.noiseMask(chunk, random));
                    put(rows, "inputs", r, e.inputs(), 0);
                    put(rows, "targets", r, e.targets(), 0);
                    int[] shifted = new int[e.targets().length + 1]; // shifted after padding, as T5: eos included
                    System.arraycopy(e.targets(), 0, shifted, 1, e.targets().length);
                    put(rows, "decoder_inputs", r, shifted, 0);
                }
                case NEXT_TOKEN -> {
                    put(rows, "inputs", r, tokens, 0);
                    put(rows, "targets", r, tokens, 1);
                }
            }
        }
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (InputSpec s : specs.values()) out.put(s.name(), HostTensor.ofLongs(s.type(), s.shape(), rows.get(s.name())));
        return out;
    }

    /** Row {@code r} of {@code name} ← {@code ids[from…]}, truncated to the row, the rest 0 (pad). */
    private void put(Map<String, long[]> rows, String name, int r, int[] ids, int from) {
        int width = specs.get(name).exampleElements();
        long[] dst = rows.get(name);
        int n = Math.min(width, ids.length - from);
        for (int i = 0; i < n; i++) dst[r * width + i] = ids[from + i];
    }
}
