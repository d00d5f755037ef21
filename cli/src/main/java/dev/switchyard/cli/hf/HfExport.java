package dev.switchyard.cli.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.cli.artifact.ArtifactDirectory;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.safetensors.SafetensorsFile;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.function.LongConsumer;
import java.util.TreeMap;

/**
 * Writes a model's parameters as a Hugging Face checkpoint directory: the tensors under HF names
 * and layouts (the inverse of {@link HfImport}), in {@code model.safetensors} or, past the shard
 * size, in {@code model-0000i-of-0000n.safetensors} shards with a
 * {@code model.safetensors.index.json}, beside a {@code config.json}. The directory appears whole
 * or not at all, and replaces only a directory Switchyard wrote (see {@link ArtifactDirectory}).
 */
public final class HfExport {
    private HfExport() {}

    /** transformers' default {@code max_shard_size="5GB"} (decimal, as huggingface_hub parses it). */
    public static final long DEFAULT_SHARD_BYTES = 5_000_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One tensor of the HF checkpoint: piece {@code piece} (an expert, or 0) of our {@code parameter}. */
    public record HfTensor(String name, Manifest.ParameterSpec parameter, int piece, long[] shape, ElementType type) {
        public HfTensor {
            shape = shape.clone();
        }

        @Override public long[] shape() { return shape.clone(); }

        public long bytes() { return HostTensor.elementCount(shape) * type.byteSize(); }
    }

    /** The HF tensors in parameter order, experts unstacked; SwitchTransformers names when the model has routers, else T5's. */
    public static List<HfTensor> plan(List<Manifest.ParameterSpec> parameters) throws HfException {
        boolean sparse = parameters.stream().anyMatch(p -> p.path().endsWith(".mlp.router.classifier"));
        HfNames.FfnNaming naming = sparse ? HfNames.FfnNaming.SWITCH : HfNames.FfnNaming.T5;
        List<HfTensor> out = new ArrayList<>();
        List<String> unnamed = new ArrayList<>();
        for (Manifest.ParameterSpec p : parameters) {
            long[] ours = HfImport.shape(p);
            var mapping = HfNames.of(p.path(), ours, naming);
            ElementType type = ElementType.fromMlirName(p.dtype()).orElseThrow();
            if (mapping.isEmpty()) {
                unnamed.add(p.path() + " (" + p.dtype() + Arrays.toString(ours) + ")");
                continue;
            }
            HfNames.Mapping m = mapping.get();
            for (int j = 0; j < m.hfNames().size(); j++) out.add(new HfTensor(m.hfNames().get(j), p, j, m.hfShape(ours), type));
        }
        if (!unnamed.isEmpty()) {
            throw new HfException("these parameters have no Hugging Face name (known: the prelude's encoder/decoder blocks,"
                    + " a top-level 'embedding' and 'lm_head'):\n  " + String.join("\n  ", unnamed));
        }
        return out;
    }

    /**
     * Splits tensors into shards of at most {@code maxBytes} (a larger tensor gets a shard of its
     * own), in order, as huggingface_hub's {@code split_torch_state_dict_into_shards} does.
     */
    public static List<List<HfTensor>> shards(List<HfTensor> tensors, long maxBytes) {
        List<List<HfTensor>> out = new ArrayList<>();
        List<HfTensor> current = new ArrayList<>();
        long size = 0;
        for (HfTensor t : tensors) {
            if (!current.isEmpty() && size + t.bytes() > maxBytes) {
                out.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(t);
            size += t.bytes();
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    public static String shardName(int index, int count) {
        return String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", index + 1, count);
    }

    /**
     * Writes the checkpoint directory {@code dir} from the model's parameters in {@code weights}
     * (checked against the model first), one parameter in memory at a time; returns the shard
     * files' names. {@code progress} hears the bytes written so far.
     */
    public static List<String> write(Path dir, ArtifactDirectory.IfExists ifExists, List<Manifest.ParameterSpec> parameters,
                                     SafetensorsFile weights, ObjectNode config, long maxShardBytes, LongConsumer progress)
            throws IOException {
        checkWeights(weights, parameters);
        List<HfTensor> tensors = plan(parameters);
        List<List<HfTensor>> shards = shards(tensors, maxShardBytes);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) names.add(shards.size() == 1 ? HfCheckpoint.SINGLE_FILE : shardName(i, shards.size()));
        // transformers refuses safetensors whose "format" metadata is not a framework it knows
        Map<String, String> metadata = Map.of("format", "pt");
        HostTensor[] last = {null};
        String[] lastPath = {null};
        long[] done = {0};
        ArtifactDirectory.write(dir, ifExists, d -> {
            for (int i = 0; i < shards.size(); i++) {
                List<HfTensor> shard = shards.get(i);
                Map<String, HfTensor> byName = new LinkedHashMap<>();
                List<SafetensorsStream.Spec> specs = new ArrayList<>();
                for (HfTensor t : shard) {
                    byName.put(t.name(), t);
                    specs.add(new SafetensorsStream.Spec(t.name(), t.type(), t.shape()));
                }
                SafetensorsStream.write(d.resolve(names.get(i)), specs, metadata, spec -> {
                    HfTensor t = byName.get(spec.name());
                    Manifest.ParameterSpec p = t.parameter();
                    if (!p.path().equals(lastPath[0])) { // the experts of one parameter are consecutive: read it once
                        last[0] = weights.read(p.path());
                        lastPath[0] = p.path();
                    }
                    byte[] bytes = pieceToHf(p, last[0], t.piece());
                    done[0] += bytes.length;
                    progress.accept(done[0]);
                    return bytes;
                });
            }
            if (shards.size() > 1) {
                ObjectNode index = JSON.createObjectNode();
                long total = tensors.stream().mapToLong(HfTensor::bytes).sum();
                index.putObject("metadata").put("total_size", total);
                ObjectNode map = index.putObject("weight_map");
                Map<String, String> sorted = new TreeMap<>();
                for (int i = 0; i < shards.size(); i++) for (HfTensor t : shards.get(i)) sorted.put(t.name(), names.get(i));
                sorted.forEach(map::put);
                Files.writeString(d.resolve(HfCheckpoint.INDEX_FILE), JSON.writeValueAsString(index) + "\n");
            }
            Files.writeString(d.resolve(HfCheckpoint.CONFIG_FILE), JSON.writeValueAsString(config) + "\n");
        });
        return names;
    }

    /** Piece {@code piece} of parameter {@code p}'s values in HF's layout. */
    private static byte[] pieceToHf(Manifest.ParameterSpec p, HostTensor value, int piece) throws HfException {
        long[] ours = HfImport.shape(p);
        // the layout does not depend on the FFN naming, only the names do
        HfNames.Mapping m = HfNames.of(p.path(), ours, HfNames.FfnNaming.SWITCH).orElseThrow();
        long[] pieceShape = m.stacked() ? Arrays.copyOfRange(ours, 1, ours.length) : ours;
        int pieceBytes = value.data().length / m.hfNames().size();
        byte[] slice = Arrays.copyOfRange(value.data(), piece * pieceBytes, (piece + 1) * pieceBytes);
        return m.layout().toHf(slice, pieceShape, value.elementType().byteSize());
    }

    /** The weights must be exactly the model's parameters (as {@code run --weights} requires), checked before anything is written. */
    static void checkWeights(SafetensorsFile weights, List<Manifest.ParameterSpec> parameters) throws HfException {
        List<String> problems = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (Manifest.ParameterSpec p : parameters) {
            expected.add(p.path());
            long[] want = HfImport.shape(p);
            var e = weights.entry(p.path());
            if (e.isEmpty()) {
                problems.add("missing tensor '" + p.path() + "' (" + p.dtype() + Arrays.toString(want) + ")");
            } else if (!Arrays.equals(e.get().shape(), want) || !e.get().dtype().elementType().mlirName().equals(p.dtype())) {
                problems.add("tensor '" + p.path() + "' is " + e.get().dtype().elementType() + Arrays.toString(e.get().shape())
                        + ", the model needs " + p.dtype() + Arrays.toString(want));
            }
        }
        for (var e : weights.entries()) {
            if (!expected.contains(e.name())) problems.add("extra tensor '" + e.name() + "' is not a parameter of the model");
        }
        if (!problems.isEmpty()) {
            throw new HfException(weights.path() + ": the weights are not the model's parameters (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", problems.subList(0, Math.min(40, problems.size())))
                    + (problems.size() > 40 ? "\n  … and " + (problems.size() - 40) + " more" : ""));
        }
    }
}
