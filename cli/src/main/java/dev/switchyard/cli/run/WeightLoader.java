package dev.switchyard.cli.run;

import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.safetensors.SafetensorsEntry;
import dev.switchyard.cli.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Loads parameters from a safetensors checkpoint by parameter path. The checkpoint must hold
 * exactly the model's parameters with their shapes and element types: a missing, extra or
 * mis-shaped tensor is a {@link WeightException} naming it, raised before any tensor is read.
 */
public final class WeightLoader {
    private WeightLoader() {}

    public static final class WeightException extends IOException {
        public WeightException(String message) { super(message); }
    }

    public static Map<String, dev.switchyard.hlo.tensor.HostTensor> load(Path file, List<Manifest.ParameterSpec> parameters)
            throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, SafetensorsEntry> byName = new LinkedHashMap<>();
            for (SafetensorsEntry e : f.entries()) byName.put(e.name(), e);
            List<String> problems = new ArrayList<>();
            Set<String> expected = new TreeSet<>();
            for (Manifest.ParameterSpec p : parameters) {
                expected.add(p.path());
                SafetensorsEntry e = byName.get(p.path());
                if (e == null) {
                    problems.add("missing tensor '" + p.path() + "' (" + p.dtype() + p.shape() + ")");
                    continue;
                }
                long[] want = p.shape().stream().mapToLong(Long::longValue).toArray();
                if (!Arrays.equals(want, e.shape())) {
                    problems.add("tensor '" + p.path() + "' has shape " + Arrays.toString(e.shape()) + ", the model needs "
                            + Arrays.toString(want) + " " + p.dims());
                } else if (!e.dtype().elementType().mlirName().equals(p.dtype())) {
                    problems.add("tensor '" + p.path() + "' is " + e.dtype() + " (" + e.dtype().elementType() + "), the model needs "
                            + p.dtype());
                }
            }
            for (String name : byName.keySet()) {
                if (!expected.contains(name)) problems.add("extra tensor '" + name + "' is not a parameter of the model");
            }
            if (!problems.isEmpty()) {
                String shown = problems.stream().limit(10).collect(Collectors.joining("\n  "));
                throw new WeightException(file + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                        + " with the weights:\n  " + shown + (problems.size() > 10 ? "\n  … and " + (problems.size() - 10) + " more" : ""));
            }
            Map<String, dev.switchyard.hlo.tensor.HostTensor> out = new LinkedHashMap<>();
            for (Manifest.ParameterSpec p : parameters) out.put(p.path(), f.read(p.path()));
            return out;
        }
    }
}
