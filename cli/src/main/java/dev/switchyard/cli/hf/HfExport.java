package dev.switchyard.cli.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.cli.artifact.ArtifactDirectory;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.safetensors.SafetensorsWriter;
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
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * Writes a model's parameters as a Hugging Face checkpoint directory: the tensors under HF names
 * and layouts (the inverse of {@link HfImport}), in {@code model.safetensors} or, past the shard
 * size, in {@code model-0000i-of-0000n.safetensors} shards with a
 * {@code model.safetensors.index.json}, beside a {@code config.json}. The directory appears whole
 * or not at all (see {@link ArtifactDirectory}).
 */
public final class HfExport {
    private HfExport() {}

    /** transformers' default {@code max_shard_size="5GB"} (decimal, as huggingface_hub parses it). */
    public static final long DEFAULT_SHARD_BYTES = 5_000_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The tensors under HF names, in parameter order, experts unstacked; SwitchTransformers names when the model has routers. */
    public static SequencedMap<String, HostTensor> toHf(List<Manifest.ParameterSpec> parameters, Map<String, HostTensor> values)
            throws HfException {
        boolean sparse = parameters.stream().anyMatch(p -> p.path().endsWith(".mlp.router.classifier"));
        HfNames.FfnNaming naming = sparse ? HfNames.FfnNaming.SWITCH : HfNames.FfnNaming.T5;
        SequencedMap<String, HostTensor> out = new LinkedHashMap<>();
        List<String> unnamed = new ArrayList<>();
        for (Manifest.ParameterSpec p : parameters) {
            long[] ours = HfImport.shape(p);
            var mapping = HfNames.of(p.path(), ours, naming);
            if (mapping.isEmpty()) {
                unnamed.add(p.path() + " (" + p.dtype() + Arrays.toString(ours) + ")");
                continue;
            }
            HfNames.Mapping m = mapping.get();
            HostTensor t = values.get(p.path());
            int size = t.elementType().byteSize();
            long[] piece = m.stacked() ? Arrays.copyOfRange(ours, 1, ours.length) : ours;
            long[] hfShape = m.hfShape(ours);
            int pieceBytes = t.data().length / m.hfNames().size();
            for (int j = 0; j < m.hfNames().size(); j++) {
                byte[] slice = Arrays.copyOfRange(t.data(), j * pieceBytes, (j + 1) * pieceBytes);
                out.put(m.hfNames().get(j), new HostTensor(t.elementType(), hfShape, m.layout().toHf(slice, piece, size)));
            }
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
    public static List<SequencedMap<String, HostTensor>> shards(SequencedMap<String, HostTensor> tensors, long maxBytes) {
        List<SequencedMap<String, HostTensor>> out = new ArrayList<>();
        SequencedMap<String, HostTensor> current = new LinkedHashMap<>();
        long size = 0;
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            long n = e.getValue().data().length;
            if (!current.isEmpty() && size + n > maxBytes) {
                out.add(current);
                current = new LinkedHashMap<>();
                size = 0;
            }
            current.put(e.getKey(), e.getValue());
            size += n;
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    public static String shardName(int index, int count) {
        return String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", index + 1, count);
    }

    /** Writes the checkpoint directory {@code dir}; returns the shard files' names. */
    public static List<String> write(Path dir, SequencedMap<String, HostTensor> tensors, ObjectNode config, long maxShardBytes)
            throws IOException {
        List<SequencedMap<String, HostTensor>> shards = shards(tensors, maxShardBytes);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) names.add(shards.size() == 1 ? HfCheckpoint.SINGLE_FILE : shardName(i, shards.size()));
        // transformers refuses safetensors whose "format" metadata is not a framework it knows
        Map<String, String> metadata = Map.of("format", "pt");
        ArtifactDirectory.write(dir, HfCheckpoint.CONFIG_FILE, d -> {
            for (int i = 0; i < shards.size(); i++) SafetensorsWriter.write(d.resolve(names.get(i)), shards.get(i), metadata);
            if (shards.size() > 1) {
                ObjectNode index = JSON.createObjectNode();
                long total = tensors.values().stream().mapToLong(t -> t.data().length).sum();
                index.putObject("metadata").put("total_size", total);
                ObjectNode map = index.putObject("weight_map");
                Map<String, String> sorted = new TreeMap<>();
                for (int i = 0; i < shards.size(); i++) for (String n : shards.get(i).keySet()) sorted.put(n, names.get(i));
                sorted.forEach(map::put);
                Files.writeString(d.resolve(HfCheckpoint.INDEX_FILE), JSON.writeValueAsString(index) + "\n");
            }
            Files.writeString(d.resolve(HfCheckpoint.CONFIG_FILE), JSON.writeValueAsString(config) + "\n");
        });
        return names;
    }
}
