package dev.switchyard.cli.train;

import dev.switchyard.cli.UserError;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.model.GraphManifests;
import dev.switchyard.cli.run.ParameterInit;
import dev.switchyard.compiler.train.StateTensor;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.dsl.graph.ModelGraph;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host values a run starts from, one per state tensor of the train step (parameters, optimizer
 * slots, the step counter), by path in argument order: fresh (parameters from their initializers,
 * the rest zeros), from a checkpoint, or parameters from {@code --init-from} with fresh optimizer
 * state. Tensors that do not match the model by path, dtype or shape are refused, naming them.
 */
public final class TrainState {
    private TrainState() {}

    /** @param step the step counter's value; @param dataPosition batches drawn so far */
    public record Start(SequencedMap<String, HostTensor> values, long step, long dataPosition) {}

    public static Start fresh(TrainStep step, ModelGraph forward, long seed) {
        return fresh(step, GraphManifests.parameters(forward), seed);
    }

    /** As {@link #fresh(TrainStep, ModelGraph, long)} from the parameters' manifest entries (a train artifact's): the same values for the same seed. */
    public static Start fresh(TrainStep step, List<Manifest.ParameterSpec> parameters, long seed) {
        Map<String, Manifest.ParameterSpec> specs = new LinkedHashMap<>();
        for (Manifest.ParameterSpec p : parameters) specs.put(p.path(), p);
        SequencedMap<String, HostTensor> values = new LinkedHashMap<>();
        for (StateTensor s : step.state()) {
            values.put(s.path(), s.role() == StateTensor.Role.PARAM ? ParameterInit.initialize(specs.get(s.path()), seed) : zeros(s));
        }
        return new Start(values, 0, 0);
    }

    /**
     * Each state tensor's size in bytes, keyed "{@code where}: state tensor 'PATH'", for a check
     * before {@link #fresh}, {@link #initFrom} or a resume allocate them (a size past 64 bits reads
     * as {@link Long#MAX_VALUE}: too large either way).
     */
    public static Map<String, Long> stateBytes(TrainStep step, String where) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (StateTensor s : step.state()) {
            long bytes;
            try {
                bytes = s.elementBytes();
                for (long d : s.shape()) bytes = Math.multiplyExact(bytes, d);
            } catch (ArithmeticException e) {
                bytes = Long.MAX_VALUE;
            }
            out.put(where + ": state tensor '" + s.path() + "'", bytes);
        }
        return out;
    }

    static HostTensor zeros(StateTensor s) {
        return HostTensor.zeros(type(s), s.shape().stream().mapToLong(Long::longValue).toArray());
    }

    static ElementType type(StateTensor s) {
        return ElementType.fromMlirName(s.dtype()).orElseThrow(() -> new IllegalStateException("no element type " + s.dtype()));
    }

    /** The state of a checkpoint, checked against the model. */
    public static Start fromCheckpoint(TrainStep step, CheckpointStore.Loaded c) throws UserError {
        List<StateTensor> params = step.state(StateTensor.Role.PARAM);
        List<StateTensor> rest = new ArrayList<>();
        for (StateTensor s : step.state()) if (s.role() != StateTensor.Role.PARAM) rest.add(s);
        check(params, c.params(), c.directory().resolve(CheckpointStore.PARAMS), "a checkpoint of another model");
        check(rest, c.optimizerState(), c.directory().resolve(CheckpointStore.OPTIMIZER),
                "optimizer state of another model or optimizer (resume with the --optimizer it was trained with)");
        SequencedMap<String, HostTensor> values = new LinkedHashMap<>();
        for (StateTensor s : step.state()) {
            values.put(s.path(), (s.role() == StateTensor.Role.PARAM ? c.params() : c.optimizerState()).get(s.path()));
        }
        long counter = values.get("step") == null ? c.info().step() : values.get("step").toLongs()[0];
        if (counter != c.info().step()) {
            throw new UserError(c.directory() + ": its step counter is " + counter + " but checkpoint.json says step " + c.info().step());
        }
        return new Start(values, c.info().step(), c.info().dataPosition());
    }

    /** Parameters from a safetensors file or a checkpoint directory; optimizer state and step fresh. */
    public static Start initFrom(TrainStep step, Path from) throws UserError, IOException {
        Weights w = weights(from, "--init-from");
        Map<String, HostTensor> loaded = w.tensors();
        Path file = w.file();
        check(step.state(StateTensor.Role.PARAM), loaded, file, "weights of another model");
        SequencedMap<String, HostTensor> values = new LinkedHashMap<>();
        for (StateTensor s : step.state()) values.put(s.path(), s.role() == StateTensor.Role.PARAM ? loaded.get(s.path()) : zeros(s));
        return new Start(values, 0, 0);
    }

    /** Tensors read from a safetensors file, and the file they came from. */
    record Weights(Map<String, HostTensor> tensors, Path file) {}

    /** The parameters of a safetensors file, a checkpoint directory, or the newest checkpoint in a directory of them. */
    static Weights weights(Path from, String option) throws UserError, IOException {
        Map<String, HostTensor> loaded;
        Path file;
        if (Files.isDirectory(from)) {
            Path dir = checkpointOf(from, option);
            try {
                loaded = CheckpointStore.load(dir).params();
            } catch (CheckpointStore.CorruptException e) {
                throw new UserError(option + " " + dir + ": " + e.getMessage());
            }
            file = dir.resolve(CheckpointStore.PARAMS);
        } else if (Files.isRegularFile(from)) {
            try {
                loaded = CheckpointStore.readAll(from);
            } catch (IOException e) {
                throw new UserError(option + " " + from + ": " + e.getMessage());
            }
            file = from;
        } else {
            throw new UserError(option + " " + from + ": no such file or directory");
        }
        return new Weights(loaded, file);
    }

    /** The safetensors file {@link #weights} reads for {@code from}: the file itself, or the parameters of the checkpoint it names. */
    static Path weightsFile(Path from, String option) throws UserError, IOException {
        if (Files.isDirectory(from)) return checkpointOf(from, option).resolve(CheckpointStore.PARAMS);
        if (Files.isRegularFile(from)) return from;
        throw new UserError(option + " " + from + ": no such file or directory");
    }

    /** A checkpoint directory, or the newest checkpoint of a directory of them. */
    private static Path checkpointOf(Path from, String option) throws UserError, IOException {
        if (Files.isRegularFile(from.resolve(CheckpointInfo.FILE_NAME))) return from;
        List<Path> steps = new CheckpointStore(from).steps();
        if (steps.isEmpty()) throw new UserError(option + " " + from + ": neither a checkpoint (no checkpoint.json) nor a directory of them");
        return steps.getLast();
    }

    /** Every expected tensor present with its dtype and shape, and nothing else; else an error naming the first problems. */
    static void check(List<StateTensor> expected, Map<String, HostTensor> found, Path file, String what) throws UserError {
        checkTensors(expected.stream().map(s -> new Expected(s.path(), s.dtype(), s.shape())).toList(), found, file, what);
    }

    /** A tensor a file must hold. */
    record Expected(String path, String dtype, List<Long> shape) {}

    static void checkTensors(List<Expected> expected, Map<String, HostTensor> found, Path file, String what) throws UserError {
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (Expected s : expected) {
            names.add(s.path());
            HostTensor t = found.get(s.path());
            long[] want = s.shape().stream().mapToLong(Long::longValue).toArray();
            if (t == null) {
                problems.add("the model's tensor '" + s.path() + "' (" + s.dtype() + Arrays.toString(want) + ") is missing");
            } else if (!t.elementType().mlirName().equals(s.dtype()) || !Arrays.equals(t.shape(), want)) {
                problems.add("tensor '" + s.path() + "' is " + t.elementType() + Arrays.toString(t.shape()) + " there, the model has "
                        + s.dtype() + Arrays.toString(want));
            }
        }
        for (String n : new TreeSet<>(found.keySet())) if (!names.contains(n)) problems.add("tensor '" + n + "' is not in the model");
        if (!problems.isEmpty()) {
            throw new UserError(file + ": " + what + ": " + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                    + (problems.size() > 3 ? "; and " + (problems.size() - 3) + " more" : ""));
        }
    }
}
