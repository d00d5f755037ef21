package dev.switchyard.cli.artifact;

import dev.switchyard.hlo.tensor.ElementType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules of a manifest that a JSON Schema cannot say: sizes agree with shapes and types, the
 * mesh's device count matches the partition count, shardings name real mesh axes, arguments are
 * numbered once each. Every number is checked before anything is sized from it.
 */
final class ManifestCheck {
    private ManifestCheck() {}

    /** The most devices a mesh may claim: far beyond any slice, small enough to enumerate. */
    static final long MAX_DEVICES = 1 << 20;

    static void check(Manifest m, String where) throws ManifestException {
        if (m.formatVersion() != Manifest.FORMAT_VERSION) {
            throw fail(where, "format_version", "is " + m.formatVersion() + "; this switchyard reads version " + Manifest.FORMAT_VERSION);
        }
        plainFileName(where, "files.module", m.files().module());
        plainFileName(where, "files.compile_options", m.files().compileOptions());
        Manifest.MeshSpec mesh = m.mesh();
        long devices = 1;
        Set<String> axisNames = new HashSet<>();
        for (int i = 0; i < mesh.axes().size(); i++) {
            Manifest.MeshSpec.Axis a = mesh.axes().get(i);
            if (a.size() < 1) throw fail(where, "mesh.axes[" + i + "]", "axis '" + a.name() + "' has size " + a.size() + "; sizes are at least 1");
            if (!axisNames.add(a.name())) throw fail(where, "mesh.axes[" + i + "]", "axis '" + a.name() + "' appears twice");
            devices *= a.size();
            if (devices > MAX_DEVICES) throw fail(where, "mesh.axes", "the mesh has more than " + MAX_DEVICES + " devices");
        }
        if (m.numPartitions() != devices) {
            throw fail(where, "num_partitions", "is " + m.numPartitions() + " but the mesh has " + devices + " devices");
        }
        if (m.numReplicas() < 1) throw fail(where, "num_replicas", "is " + m.numReplicas() + "; at least 1");
        if (mesh.deviceOrder().size() != devices) {
            throw fail(where, "mesh.device_order", "has " + mesh.deviceOrder().size() + " entries for a mesh of " + devices + " devices");
        }
        boolean[] seen = new boolean[(int) devices];
        for (int id : mesh.deviceOrder()) {
            if (id < 0 || id >= devices || seen[id]) {
                throw fail(where, "mesh.device_order", "is not a permutation of 0.." + (devices - 1) + " (entry " + id + ")");
            }
            seen[id] = true;
        }
        Map<String, Integer> sizes = mesh.axes().stream()
                .collect(Collectors.toMap(Manifest.MeshSpec.Axis::name, Manifest.MeshSpec.Axis::size));
        Manifest.Entry entry = m.entry();
        long carried = entry.state().stream().filter(st -> !st.role().equals(ROLE_PARAM)).count();
        int arguments = Math.toIntExact(m.inputs().size() + m.parameters().size() + carried);
        boolean[] argumentSeen = new boolean[arguments];
        for (int i = 0; i < m.inputs().size(); i++) {
            Manifest.TensorSpec t = m.inputs().get(i);
            String at = "inputs[" + i + "] (" + t.name() + ")";
            tensor(where, at, t.dtype(), t.dims(), t.shape(), t.sharding(), sizes);
            argument(where, at, t.argumentIndex(), argumentSeen);
        }
        for (int i = 0; i < m.outputs().size(); i++) {
            Manifest.TensorSpec t = m.outputs().get(i);
            String at = "outputs[" + i + "] (" + t.name() + ")";
            tensor(where, at, t.dtype(), t.dims(), t.shape(), t.sharding(), sizes);
            if (t.argumentIndex() != -1) throw fail(where, at, "argument_index must be -1 for an output (outputs are results, in order)");
        }
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < m.parameters().size(); i++) {
            Manifest.ParameterSpec p = m.parameters().get(i);
            String at = "parameters[" + i + "] (" + p.path() + ")";
            if (!paths.add(p.path())) throw fail(where, at, "parameter path appears twice");
            long bytes = tensor(where, at, p.dtype(), p.dims(), p.shape(), p.sharding(), sizes);
            if (bytes != p.byteSize()) {
                throw fail(where, at, "byte_size " + p.byteSize() + " does not match " + p.dtype() + p.shape() + " (" + bytes + " bytes)");
            }
            argument(where, at, p.argumentIndex(), argumentSeen);
        }
        checkNames(where, "inputs", m.inputs(), Manifest.TensorSpec::name);
        checkNames(where, "outputs", m.outputs(), Manifest.TensorSpec::name);
        entry(m, where, sizes, argumentSeen);
    }

    static final String ROLE_PARAM = "param", ROLE_OPTIMIZER = "optimizer", ROLE_STEP = "step";

    /**
     * A forward entry carries no state; a train entry's state covers every parameter once (at the
     * parameter's own argument), its other tensors take the remaining arguments, and each state
     * tensor and metric names a distinct result of matching type.
     */
    private static void entry(Manifest m, String where, Map<String, Integer> sizes, boolean[] argumentSeen) throws ManifestException {
        Manifest.Entry e = m.entry();
        switch (e.kind()) {
            case Manifest.Entry.FORWARD -> {
                if (!e.state().isEmpty() || !e.metrics().isEmpty() || !e.optimizer().isEmpty()) {
                    throw fail(where, "entry", "a forward entry has no state, metrics or optimizer");
                }
                return;
            }
            case Manifest.Entry.TRAIN -> { }
            default -> throw fail(where, "entry.kind", "is '" + e.kind() + "'; one of forward, train");
        }
        Map<String, Manifest.ParameterSpec> params = m.parameters().stream()
                .collect(Collectors.toMap(Manifest.ParameterSpec::path, p -> p));
        Set<String> paramsCovered = new HashSet<>();
        boolean[] resultSeen = new boolean[m.outputs().size()];
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < e.state().size(); i++) {
            Manifest.StateSpec st = e.state().get(i);
            String at = "entry.state[" + i + "] (" + st.path() + ")";
            if (!paths.add(st.path())) throw fail(where, at, "state path appears twice");
            long bytes = tensor(where, at, st.dtype(), st.dims(), st.shape(), st.sharding(), sizes);
            if (bytes != st.byteSize()) throw fail(where, at, "byte_size " + st.byteSize() + " does not match " + st.dtype() + st.shape());
            switch (st.role()) {
                case ROLE_PARAM -> {
                    Manifest.ParameterSpec p = params.get(st.path());
                    if (p == null || p.argumentIndex() != st.argumentIndex()) {
                        throw fail(where, at, "a param state tensor must be a parameter, at that parameter's argument_index");
                    }
                    paramsCovered.add(st.path());
                }
                case ROLE_OPTIMIZER, ROLE_STEP -> argument(where, at, st.argumentIndex(), argumentSeen);
                default -> throw fail(where, at, "role is '" + st.role() + "'; one of param, optimizer, step");
            }
            Manifest.TensorSpec out = result(where, at, st.resultIndex(), m, resultSeen);
            if (!out.dtype().equals(st.dtype()) || !out.shape().equals(st.shape())) {
                throw fail(where, at, "is donated to result " + st.resultIndex() + " (" + out.name() + "), which has another type");
            }
        }
        if (paramsCovered.size() != params.size()) throw fail(where, "entry.state", "must list every parameter");
        for (int i = 0; i < e.metrics().size(); i++) {
            Manifest.MetricSpec mt = e.metrics().get(i);
            String at = "entry.metrics[" + i + "] (" + mt.name() + ")";
            Manifest.TensorSpec out = result(where, at, mt.resultIndex(), m, resultSeen);
            if (!out.name().equals(mt.name()) || !out.shape().isEmpty()) throw fail(where, at, "must name a scalar output of that name");
        }
    }

    private static Manifest.TensorSpec result(String where, String at, int index, Manifest m, boolean[] seen) throws ManifestException {
        if (index < 0 || index >= seen.length) throw fail(where, at, "result_index " + index + " is outside 0.." + (seen.length - 1));
        if (seen[index]) throw fail(where, at, "result_index " + index + " is used twice");
        seen[index] = true;
        return m.outputs().get(index);
    }

    /** Checks one tensor's description and returns its size in bytes. */
    private static long tensor(String where, String at, String dtype, List<String> dims, List<Long> shape,
                               List<List<String>> sharding, Map<String, Integer> mesh) throws ManifestException {
        Optional<ElementType> type = ElementType.fromMlirName(dtype);
        if (type.isEmpty()) throw fail(where, at, "unknown dtype '" + dtype + "'");
        if (dims.size() != shape.size()) {
            throw fail(where, at, "has " + dims.size() + " dim names for a shape of rank " + shape.size());
        }
        if (sharding.size() != shape.size()) {
            throw fail(where, at, "sharding has " + sharding.size() + " entries for a shape of rank " + shape.size());
        }
        long elements = 1;
        for (int d = 0; d < shape.size(); d++) {
            long size = shape.get(d);
            if (size < 0) throw fail(where, at, "dim '" + dims.get(d) + "' has negative size " + size);
            try {
                elements = Math.multiplyExact(elements, size);
            } catch (ArithmeticException e) {
                throw fail(where, at, "shape " + shape + " overflows a 64-bit element count");
            }
            Set<String> used = new HashSet<>();
            for (String axis : sharding.get(d)) {
                if (!mesh.containsKey(axis)) throw fail(where, at, "sharding names mesh axis '" + axis + "', which the mesh lacks");
                if (!used.add(axis)) throw fail(where, at, "sharding uses mesh axis '" + axis + "' twice");
            }
        }
        try {
            return Math.multiplyExact(elements, (long) type.get().byteSize());
        } catch (ArithmeticException e) {
            throw fail(where, at, "shape " + shape + " overflows a 64-bit byte count");
        }
    }

    private static void argument(String where, String at, int index, boolean[] seen) throws ManifestException {
        if (index < 0 || index >= seen.length) {
            throw fail(where, at, "argument_index " + index + " is outside 0.." + (seen.length - 1));
        }
        if (seen[index]) throw fail(where, at, "argument_index " + index + " is used twice");
        seen[index] = true;
    }

    private static <T> void checkNames(String where, String what, List<T> items, Function<T, String> name)
            throws ManifestException {
        Set<String> names = new HashSet<>();
        for (T item : items) {
            if (!names.add(name.apply(item))) throw fail(where, what, "name '" + name.apply(item) + "' appears twice");
        }
    }

    /** The artifact's files live in its directory: a path elsewhere ({@code ../x}, {@code /etc/x}) is refused. */
    private static void plainFileName(String where, String at, String name) throws ManifestException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")) {
            throw fail(where, at, "'" + name + "' must be a file name inside the artifact directory");
        }
    }

    private static ManifestException fail(String where, String at, String message) {
        return new ManifestException(where + ": " + at + ": " + message);
    }
}
