package dev.switchyard.cli.train;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The child JVM of {@link CheckpointKillTest}: saves checkpoints of step 1, 2, … forever (after the
 * newest one already there), keeping 3, until it is killed. Each step's tensors are filled with
 * values derived from the step, so the test can tell a checkpoint's contents are its own.
 */
public final class CheckpointKillChild {
    private CheckpointKillChild() {}

    static final int ELEMENTS = 256 * 1024;

    static SequencedMap<String, HostTensor> tensors(String prefix, long step) {
        float[] v = new float[ELEMENTS];
        Arrays.fill(v, step);
        v[(int) (step % ELEMENTS)] = -step;
        SequencedMap<String, HostTensor> m = new LinkedHashMap<>();
        m.put(prefix + "w", HostTensor.ofFloats(ElementType.F32, new long[] {ELEMENTS}, v));
        m.put(prefix + "b", HostTensor.ofFloats(ElementType.F32, new long[] {2}, step, step + 1));
        return m;
    }

    static CheckpointInfo info(long step) {
        return new CheckpointInfo(step, step, 7, new long[] {1, 2}, Map.of("name", "sgd"), Map.of("name", "constant", "lr", 0.1),
                "kill_test", "0".repeat(64), List.of(new CheckpointInfo.Tensor("w", "f32", List.of((long) ELEMENTS))), List.of(), Map.of());
    }

    public static void main(String[] args) throws Exception {
        CheckpointStore store = new CheckpointStore(Path.of(args[0]));
        long step = store.newest(w -> { }).map(l -> l.info().step()).orElse(0L);
        while (true) {
            step++;
            store.save(info(step), tensors("", step), tensors("opt/", step));
            store.prune(3, w -> { throw new IllegalStateException(w); });
        }
    }
}
