package dev.switchyard.cli.train;

import dev.switchyard.cli.UserError;
import dev.switchyard.compiler.TensorSpec;
import dev.switchyard.compiler.train.StateTensor;
import dev.switchyard.compiler.train.TrainStep;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * A distillation run's teacher: its weights (exactly the teacher's parameters, by path, dtype and
 * shape), uploaded once by the {@link Trainer} and never donated, and the paper's initialisation of
 * a fresh student with the teacher's non-expert weights.
 */
public final class TeacherWeights {
    private TeacherWeights() {}

    /** The teacher's parameters from {@code --teacher-weights} (a safetensors file or a checkpoint), in argument order. */
    public static SequencedMap<String, HostTensor> load(TrainStep step, Path from) throws UserError, IOException {
        TrainState.Weights w = TrainState.weights(from, "--teacher-weights");
        List<TrainState.Expected> expected = step.teacher().stream()
                .map(t -> new TrainState.Expected(t.name(), t.dtype(), t.shape())).toList();
        TrainState.checkTensors(expected, w.tensors(), w.file(), "weights of another model than the teacher");
        SequencedMap<String, HostTensor> out = new LinkedHashMap<>();
        for (TensorSpec t : step.teacher()) out.put(t.name(), w.tensors().get(t.name()));
        return out;
    }

    /**
     * SHA-256 of the safetensors file {@link #load} reads for {@code from} (a checkpoint: its
     * parameters file), which {@code checkpoint.json} records so that {@code --resume} can tell
     * whether it is given the same teacher weights.
     */
    public static String sha256(Path from) throws UserError, IOException {
        return CheckpointStore.digest(TrainState.weightsFile(from, "--teacher-weights")).sha256();
    }

    /**
     * What {@link #initialise} did: student parameters copied from the teacher, those whose path
     * the teacher has among its non-expert parameters with another dtype or shape, and the rest.
     */
    public record Report(List<String> copied, List<String> otherShape, List<String> studentOnly) {
        public Report {
            copied = List.copyOf(copied);
            otherShape = List.copyOf(otherShape);
            studentOnly = List.copyOf(studentOnly);
        }
    }

    /** A fresh start whose parameters are replaced by the teacher's where a non-expert path has the same dtype and shape. */
    public record Initialised(TrainState.Start start, Report report) {}

    public static Initialised initialise(TrainStep step, TrainState.Start fresh, Map<String, HostTensor> teacher, Set<String> nonExpert) {
        SequencedMap<String, HostTensor> values = new LinkedHashMap<>(fresh.values());
        List<String> copied = new ArrayList<>(), otherShape = new ArrayList<>(), studentOnly = new ArrayList<>();
        for (StateTensor s : step.state(StateTensor.Role.PARAM)) {
            HostTensor t = teacher.get(s.path());
            if (t == null || !nonExpert.contains(s.path())) {
                studentOnly.add(s.path());
                continue;
            }
            HostTensor mine = values.get(s.path());
            if (t.elementType() == mine.elementType() && Arrays.equals(t.shape(), mine.shape())) {
                values.put(s.path(), t);
                copied.add(s.path());
            } else {
                otherShape.add(s.path() + " (teacher " + t.elementType() + Arrays.toString(t.shape()) + ", student "
                        + mine.elementType() + Arrays.toString(mine.shape()) + ")");
            }
        }
        return new Initialised(new TrainState.Start(values, fresh.step(), fresh.dataPosition()), new Report(copied, otherShape, studentOnly));
    }
}
