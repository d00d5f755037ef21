package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.model.GraphManifests;
import dev.switchyard.cli.run.ParameterInit;
import dev.switchyard.cli.safetensors.SafetensorsEntry;
import dev.switchyard.cli.safetensors.SafetensorsFile;
import dev.switchyard.cli.safetensors.SafetensorsWriter;
import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.Frontend;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1 of the Hugging Face issue: hand-built HF checkpoints (single file and sharded)
 * import to exactly the expected tensors under our paths; export then import is the identity; a
 * missing, extra or mis-shaped HF tensor is a clear error.
 */
class HfImportExportTest {

    @TempDir Path dir;

    /** vocab 11, d_model 4, d_ff 6, 2 heads × 3, 2 + 2 layers, 3 experts in layer 1 of each stack, 32 buckets. */
    static final HfCheckpoints.Config TINY = new HfCheckpoints.Config(11, 4, 6, 2, 3, 2, 2, 3, 2, 32);
    static final List<String> HF_NAMES = List.copyOf(HfCheckpoints.shapes(TINY).keySet());

    /** Every HF element gets its own value: the tensor's index · 4096 + the element's index (exact in f32). */
    static double id(String name, int k) { return HF_NAMES.indexOf(name) * 4096.0 + k; }

    Path spec(String precision) throws Exception {
        Path spec = dir.resolve("hf_tiny_" + precision + ".sy");
        Files.writeString(spec, HfCheckpoints.spec(TINY, precision, 2, 5, 4, 2));
        return spec;
    }

    Path singleFile(SequencedMap<String, HostTensor> tensors) throws Exception {
        Path hf = Files.createDirectories(dir.resolve("hf"));
        SafetensorsWriter.write(hf.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        return hf;
    }

    @Test
    void singleFileImportPutsEveryValueWhereTheLayoutsSay() throws Exception {
        Path hf = singleFile(HfCheckpoints.tensors(TINY, ElementType.F32, HfImportExportTest::id));
        Path out = dir.resolve("params.safetensors");
        CliRun r = CliRun.run(Commands.all(), "import", "hf", hf.toString(), "--model", spec("f32").toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("wrote " + out + ": 49 parameters"), r::toString);

        List<Manifest.ParameterSpec> params = parameters(spec("f32"));
        Set<String> seen = new HashSet<>();
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertEquals(params.stream().map(Manifest.ParameterSpec::path).toList(), f.entries().stream().map(SafetensorsEntry::name).toList(),
                    "every parameter, in the model's order, nothing else");
            for (Manifest.ParameterSpec p : params) {
                HostTensor t = f.read(p.path());
                assertEquals(ElementType.F32, t.elementType(), p.path());
                int[] shape = p.shape().stream().mapToInt(Long::intValue).toArray();
                double[] v = t.toDoubles();
                for (int k = 0; k < v.length; k++) {
                    int[] idx = unravel(k, shape);
                    Source s = hfSource(p.path(), idx);
                    assertEquals(id(s.name(), s.flat()), v[k], p.path() + java.util.Arrays.toString(idx) + " ← " + s);
                    seen.add(s.name() + "#" + s.flat());
                }
            }
        }
        long hfElements = HfCheckpoints.shapes(TINY).values().stream().mapToLong(HostTensor::elementCount).sum();
        assertEquals(hfElements, seen.size(), "every HF value lands in exactly one place");
    }

    @Test
    void shardedImportWithIndexEqualsTheSingleFile() throws Exception {
        SequencedMap<String, HostTensor> tensors = HfCheckpoints.tensors(TINY, ElementType.F32, HfImportExportTest::id);
        Path single = singleFile(tensors);
        Path sharded = Files.createDirectories(dir.resolve("sharded"));
        List<SequencedMap<String, HostTensor>> shards = List.of(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        ObjectNode index = new ObjectMapper().createObjectNode();
        index.putObject("metadata").put("total_size", tensors.values().stream().mapToLong(t -> t.data().length).sum());
        ObjectNode map = index.putObject("weight_map");
        int i = 0;
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            int shard = i++ % 3; // interleaved, so no shard is one stack or one layer
            shards.get(shard).put(e.getKey(), e.getValue());
            map.put(e.getKey(), "model-0000" + (shard + 1) + "-of-00003.safetensors");
        }
        for (int s = 0; s < 3; s++) {
            SafetensorsWriter.write(sharded.resolve("model-0000" + (s + 1) + "-of-00003.safetensors"), shards.get(s), Map.of("format", "pt"));
        }
        Files.writeString(sharded.resolve("model.safetensors.index.json"), index.toString());

        Path a = dir.resolve("a.safetensors"), b = dir.resolve("b.safetensors"), c = dir.resolve("c.safetensors");
        String model = spec("f32").toString();
        assertEquals(0, CliRun.run(Commands.all(), "import", "hf", single.toString(), "--model", model, "-o", a.toString()).exitCode());
        CliRun viaDir = CliRun.run(Commands.all(), "import", "hf", sharded.toString(), "--model", model, "-o", b.toString());
        assertEquals(0, viaDir.exitCode(), viaDir::toString);
        assertTrue(viaDir.out().contains("in 3 files"), viaDir::toString);
        CliRun viaIndex = CliRun.run(Commands.all(), "import", "hf", sharded.resolve("model.safetensors.index.json").toString(),
                "--model", model, "-o", c.toString());
        assertEquals(0, viaIndex.exitCode(), viaIndex::toString);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(c));
    }

    @Test
    void exportThenImportIsTheIdentityAndShardsLikeTransformers() throws Exception {
        Path spec = spec("bf16");
        List<Manifest.ParameterSpec> params = parameters(spec);
        SequencedMap<String, HostTensor> values = new LinkedHashMap<>();
        for (Manifest.ParameterSpec p : params) values.put(p.path(), ParameterInit.initialize(p, 7));
        Path weights = dir.resolve("weights.safetensors");
        SafetensorsWriter.write(weights, values, Map.of());
        Path out = dir.resolve("exported");
        long shardBytes = 400;
        CliRun r = CliRun.run(List.of(new ExportCommand(shardBytes)), "export", "hf", spec.toString(), "--weights", weights.toString(),
                "-o", out.toString());
        assertEquals(0, r.exitCode(), r::toString);

        JsonNode index = new ObjectMapper().readTree(out.resolve("model.safetensors.index.json").toFile());
        Map<String, String> weightMap = new LinkedHashMap<>();
        index.get("weight_map").properties().forEach(e -> weightMap.put(e.getKey(), e.getValue().asText()));
        Set<String> shardFiles = new java.util.TreeSet<>(weightMap.values());
        assertTrue(shardFiles.size() > 3, "small shards: " + shardFiles);
        int n = shardFiles.size();
        for (int i = 1; i <= n; i++) assertTrue(shardFiles.contains(String.format("model-%05d-of-%05d.safetensors", i, n)), shardFiles::toString);
        Map<String, long[]> hfShapes = new LinkedHashMap<>();
        long total = 0;
        for (String shard : shardFiles) {
            try (SafetensorsFile f = SafetensorsFile.open(out.resolve(shard))) {
                assertEquals("pt", f.metadata().get("format"), "transformers requires format=pt");
                long bytes = 0;
                for (SafetensorsEntry e : f.entries()) {
                    hfShapes.put(e.name(), e.shape());
                    assertEquals(shard, weightMap.get(e.name()), e.name());
                    bytes += e.byteLength();
                }
                assertTrue(bytes <= shardBytes || f.entries().size() == 1, shard + " holds " + bytes + " bytes");
                total += bytes;
            }
        }
        assertEquals(total, index.get("metadata").get("total_size").asLong());
        SequencedMap<String, long[]> expected = HfCheckpoints.shapes(TINY);
        assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(hfShapes.keySet()), "transformers' names, no more");
        for (Map.Entry<String, long[]> e : expected.entrySet()) assertArrayEquals(e.getValue(), hfShapes.get(e.getKey()), e.getKey());

        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("switch_transformers", config.get("model_type").asText());
        assertEquals("SwitchTransformersForConditionalGeneration", config.get("architectures").get(0).asText());
        Map<String, Object> want = Map.ofEntries(Map.entry("vocab_size", 11), Map.entry("d_model", 4), Map.entry("d_ff", 6),
                Map.entry("num_heads", 2), Map.entry("d_kv", 3), Map.entry("num_layers", 2), Map.entry("num_decoder_layers", 2),
                Map.entry("num_experts", 3), Map.entry("expert_capacity", 2), Map.entry("num_sparse_encoder_layers", 1),
                Map.entry("num_sparse_decoder_layers", 1), Map.entry("encoder_sparse_step", 2), Map.entry("decoder_sparse_step", 2),
                Map.entry("relative_attention_num_buckets", 32), Map.entry("relative_attention_max_distance", 128),
                Map.entry("tie_word_embeddings", true), Map.entry("router_dtype", "float32"), Map.entry("torch_dtype", "bfloat16"),
                Map.entry("dropout_rate", 0.1), Map.entry("router_jitter_noise", 0.0), Map.entry("is_encoder_decoder", true));
        for (Map.Entry<String, Object> e : want.entrySet()) {
            assertTrue(config.has(e.getKey()), "config.json lacks " + e.getKey());
            assertEquals(e.getValue().toString(), config.get(e.getKey()).asText(), e.getKey());
        }

        Path back = dir.resolve("back.safetensors");
        CliRun imported = CliRun.run(Commands.all(), "import", "hf", out.toString(), "--model", spec.toString(), "-o", back.toString());
        assertEquals(0, imported.exitCode(), imported::toString);
        assertFalse(imported.err().contains("precision lost"), imported::toString);
        assertFalse(imported.err().contains("config.json has"), "the exported config.json describes the model: " + imported);
        Path otherCapacity = dir.resolve("capacity3.sy");
        Files.writeString(otherCapacity, HfCheckpoints.spec(TINY, "bf16", 2, 5, 4, 3));
        CliRun noted = CliRun.run(Commands.all(), "import", "hf", out.toString(), "--model", otherCapacity.toString(), "-o",
                dir.resolve("c3.safetensors").toString());
        assertEquals(0, noted.exitCode(), noted::toString);
        assertTrue(noted.err().contains("note: config.json has expert_capacity 2, the model 3"), noted::toString);
        try (SafetensorsFile f = SafetensorsFile.open(back)) {
            for (Map.Entry<String, HostTensor> e : values.entrySet()) assertEquals(e.getValue(), f.read(e.getKey()), e.getKey());
            assertEquals(values.size(), f.entries().size());
        }
    }

    @Test
    void aMissingExtraOrMisShapedTensorIsAClearError() throws Exception {
        String model = spec("f32").toString();
        SequencedMap<String, HostTensor> tensors = HfCheckpoints.tensors(TINY, ElementType.F32, HfImportExportTest::id);
        String expertWo = "encoder.block.1.layer.1.mlp.experts.expert_2.wo.weight";
        String q = "encoder.block.0.layer.0.SelfAttention.q.weight";
        tensors.remove(expertWo);
        tensors.put("encoder.block.2.layer.0.layer_norm.weight", HostTensor.zeros(ElementType.F32, 4));
        tensors.put(q, HostTensor.zeros(ElementType.BF16, 4, 6));
        Path out = dir.resolve("never.safetensors");
        CliRun r = CliRun.run(Commands.all(), "import", "hf", singleFile(tensors).toString(), "--model", model, "-o", out.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("3 problems"), r::toString);
        assertTrue(r.err().contains("missing HF tensor '" + expertWo + "' [4, 6] for parameter 'encoder.layer_1.ffn.mlp.experts.wo'"
                + " (f32[3, 6, 4] [experts, d_ff, d_model])"), r::toString);
        assertTrue(r.err().contains("unused HF tensor 'encoder.block.2.layer.0.layer_norm.weight' F32[4]"), r::toString);
        assertTrue(r.err().contains("HF tensor '" + q + "' is BF16[4, 6]; parameter 'encoder.layer_0.attention.q'"
                + " (f32[4, 2, 3] [d_model, heads, d_kv]) needs [6, 4]"), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
        assertFalse(Files.exists(out), "nothing written");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("partial")), "no temporary file left");
        }
    }

    @Test
    void anIndexMustNameShardsBesideItAndAgreeWithThem() throws Exception {
        String model = spec("f32").toString();
        Path sharded = Files.createDirectories(dir.resolve("bad"));
        SequencedMap<String, HostTensor> one = new LinkedHashMap<>();
        one.put("shared.weight", HostTensor.zeros(ElementType.F32, 11, 4));
        SafetensorsWriter.write(sharded.resolve("model-00001-of-00001.safetensors"), one, Map.of());
        Path index = sharded.resolve("model.safetensors.index.json");

        Files.writeString(index, "{\"weight_map\": {\"shared.weight\": \"../model-00001-of-00001.safetensors\"}}");
        CliRun escape = CliRun.run(Commands.all(), "import", "hf", sharded.toString(), "--model", model, "-o", dir.resolve("o").toString());
        assertEquals(1, escape.exitCode(), escape::toString);
        assertTrue(escape.err().contains("is not a file name in the index's directory"), escape::toString);

        Files.writeString(index, "{\"weight_map\": {\"shared.weight\": \"model-00001-of-00001.safetensors\","
                + " \"encoder.final_layer_norm.weight\": \"model-00001-of-00001.safetensors\"}}");
        CliRun disagree = CliRun.run(Commands.all(), "import", "hf", sharded.toString(), "--model", model, "-o", dir.resolve("o").toString());
        assertEquals(1, disagree.exitCode(), disagree::toString);
        assertTrue(disagree.err().contains("the index puts 'encoder.final_layer_norm.weight' in model-00001-of-00001.safetensors,"
                + " which does not hold it"), disagree::toString);

        Files.writeString(index, "{\"weight_map\": {\"shared.weight\": \"model-00002-of-00002.safetensors\"}}");
        CliRun absent = CliRun.run(Commands.all(), "import", "hf", sharded.toString(), "--model", model, "-o", dir.resolve("o").toString());
        assertEquals(1, absent.exitCode(), absent::toString);
        assertTrue(absent.err().contains("shard 'model-00002-of-00002.safetensors' is missing"), absent::toString);

        Files.writeString(index, "{\"weight_map\": [1, 2]}");
        CliRun notAMap = CliRun.run(Commands.all(), "import", "hf", index.toString(), "--model", model, "-o", dir.resolve("o").toString());
        assertEquals(1, notAMap.exitCode(), notAMap::toString);
        assertTrue(notAMap.err().contains("no \"weight_map\" object"), notAMap::toString);
    }

    @Test
    void tiedCopiesMustEqualTheEmbeddingAndConversionsSayWhenPrecisionIsLost() throws Exception {
        // 1 + 2^-10 is not a bf16 value: the F32 checkpoint loses precision in a bf16 model
        SequencedMap<String, HostTensor> tensors = HfCheckpoints.tensors(TINY, ElementType.F32, (n, k) -> 1 + Math.scalb(1.0, -10) * (k % 3));
        tensors.put("lm_head.weight", tensors.get("shared.weight"));
        tensors.put("encoder.embed_tokens.weight", tensors.get("shared.weight"));
        Path out = dir.resolve("p.safetensors");
        CliRun r = CliRun.run(Commands.all(), "import", "hf", singleFile(tensors).toString(), "--model", spec("bf16").toString(),
                "-o", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("tied copies of shared.weight (encoder.embed_tokens.weight, lm_head.weight) are equal to it"), r::toString);
        assertTrue(r.err().matches("(?s).*converted \\d+ tensors F32 → bf16: precision lost in [\\d,]+ of [\\d,]+ values.*"), r::toString);
        assertFalse(r.err().contains("F32 → f32"), "the router is f32 in the model as in the checkpoint: no conversion");
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertEquals(ElementType.BF16, f.read("embedding").elementType());
            assertEquals(ElementType.F32, f.read("encoder.layer_1.ffn.mlp.router.classifier").elementType());
            assertEquals(1 + Math.scalb(1.0, -10), f.read("encoder.layer_1.ffn.mlp.router.classifier").toDoubles()[1], 0.0,
                    "f32 kept exactly");
        }

        tensors.put("lm_head.weight", HostTensor.zeros(ElementType.F32, 11, 4));
        Files.delete(dir.resolve("hf/model.safetensors"));
        CliRun differs = CliRun.run(Commands.all(), "import", "hf", singleFile(tensors).toString(), "--model", spec("bf16").toString(),
                "-o", dir.resolve("q.safetensors").toString());
        assertEquals(1, differs.exitCode(), differs::toString);
        assertTrue(differs.err().contains("lm_head.weight differs from shared.weight, but the model ties them"), differs::toString);

        SequencedMap<String, HostTensor> bf16 = HfCheckpoints.tensors(TINY, ElementType.BF16, (n, k) -> 0.5 * k);
        Files.delete(dir.resolve("hf/model.safetensors"));
        CliRun widened = CliRun.run(Commands.all(), "import", "hf", singleFile(bf16).toString(), "--model", spec("f32").toString(),
                "-o", dir.resolve("w.safetensors").toString());
        assertEquals(0, widened.exitCode(), widened::toString);
        assertTrue(widened.err().contains("tensors BF16 → f32 exactly"), widened::toString);
    }

    @Test
    void exportRefusesWrongWeightsForeignDirectoriesAndLayersTransformersCannotPlace() throws Exception {
        Path spec = spec("f32");
        List<Manifest.ParameterSpec> params = parameters(spec);
        SequencedMap<String, HostTensor> values = new LinkedHashMap<>();
        for (Manifest.ParameterSpec p : params) values.put(p.path(), ParameterInit.initialize(p, 1));
        values.remove("decoder.final_norm.scale");
        values.put("stray", HostTensor.zeros(ElementType.F32, 2));
        Path weights = dir.resolve("w.safetensors");
        SafetensorsWriter.write(weights, values, Map.of());
        CliRun wrong = CliRun.run(Commands.all(), "export", "hf", spec.toString(), "--weights", weights.toString(), "-o",
                dir.resolve("x").toString());
        assertEquals(1, wrong.exitCode(), wrong::toString);
        assertTrue(wrong.err().contains("missing tensor 'decoder.final_norm.scale' (f32[4])"), wrong::toString);
        assertTrue(wrong.err().contains("extra tensor 'stray'"), wrong::toString);
        assertFalse(Files.exists(dir.resolve("x")));

        values.remove("stray");
        values.put("decoder.final_norm.scale", HostTensor.zeros(ElementType.F32, 4));
        SafetensorsWriter.write(weights, values, Map.of());
        Path foreign = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(foreign.resolve("notes.txt"), "keep me");
        CliRun refused = CliRun.run(Commands.all(), "export", "hf", spec.toString(), "--weights", weights.toString(), "-o", foreign.toString());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("exists and is not empty; pass --force"), refused::toString);
        CliRun forced = CliRun.run(Commands.all(), "export", "hf", spec.toString(), "--weights", weights.toString(), "-o", foreign.toString(),
                "--force");
        assertEquals(1, forced.exitCode(), forced::toString);
        assertTrue(forced.err().contains("holds files Switchyard did not write"), forced::toString);
        assertEquals("keep me", Files.readString(foreign.resolve("notes.txt")));
        Path ours = dir.resolve("ours");
        assertEquals(0, CliRun.run(Commands.all(), "export", "hf", spec.toString(), "--weights", weights.toString(), "-o", ours.toString())
                .exitCode());
        CliRun again = CliRun.run(Commands.all(), "export", "hf", spec.toString(), "--weights", weights.toString(), "-o", ours.toString(),
                "--force");
        assertEquals(0, again.exitCode(), "an earlier export is replaced with --force: " + again);

        // sparse_every = 3 makes layer 2 sparse; transformers' rule (i % 3 == 1) would make it layer 1
        Path third = dir.resolve("third.sy");
        Files.writeString(third, HfCheckpoints.spec(new HfCheckpoints.Config(11, 4, 6, 2, 3, 3, 3, 3, 3, 32), "f32", 1, 5, 4, 2));
        SequencedMap<String, HostTensor> v3 = new LinkedHashMap<>();
        for (Manifest.ParameterSpec p : parameters(third)) v3.put(p.path(), ParameterInit.initialize(p, 1));
        SafetensorsWriter.write(weights, v3, Map.of());
        CliRun offPattern = CliRun.run(Commands.all(), "export", "hf", third.toString(), "--weights", weights.toString(), "-o",
                dir.resolve("y").toString());
        assertEquals(1, offPattern.exitCode(), offPattern::toString);
        assertTrue(offPattern.err().contains("the encoder's sparse layers [2] (of 3) do not follow transformers' rule"), offPattern::toString);
    }

    /** A dense T5 checkpoint names its FFN DenseReluDense; export of a dense model writes T5 names and a T5Config. */
    @Test
    void t5CheckpointsUseDenseReluDenseBothWays() throws Exception {
        HfCheckpoints.Config dense = new HfCheckpoints.Config(11, 4, 6, 2, 3, 2, 2, 3, 0, 32);
        Path spec = dir.resolve("t5_tiny.sy");
        Files.writeString(spec, HfCheckpoints.spec(dense, "f32", 1, 5, 4, 2));
        SequencedMap<String, long[]> shapes = HfCheckpoints.shapes(dense, "DenseReluDense");
        List<String> names = List.copyOf(shapes.keySet());
        SequencedMap<String, HostTensor> t5 = HfCheckpoints.tensors(shapes, ElementType.F32, (n, k) -> names.indexOf(n) * 4096.0 + k);
        Path hf = singleFile(t5);
        Path params = dir.resolve("t5.safetensors");
        CliRun r = CliRun.run(Commands.all(), "import", "hf", hf.toString(), "--model", spec.toString(), "-o", params.toString());
        assertEquals(0, r.exitCode(), r::toString);
        try (SafetensorsFile f = SafetensorsFile.open(params)) {
            // wi [d_model, d_ff] = DenseReluDense.wi.weight [d_ff, d_model] transposed: element (i, j) from (j, i)
            double[] wi = f.read("decoder.layer_1.ffn.mlp.wi").toDoubles();
            int tensor = names.indexOf("decoder.block.1.layer.2.DenseReluDense.wi.weight");
            for (int i = 0; i < 4; i++) for (int j = 0; j < 6; j++) assertEquals(tensor * 4096.0 + j * 4 + i, wi[i * 6 + j]);
        }
        Path out = dir.resolve("t5-out");
        CliRun e = CliRun.run(Commands.all(), "export", "hf", spec.toString(), "--weights", params.toString(), "-o", out.toString());
        assertEquals(0, e.exitCode(), e::toString);
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("t5", config.get("model_type").asText());
        assertEquals("T5ForConditionalGeneration", config.get("architectures").get(0).asText());
        assertEquals("relu", config.get("feed_forward_proj").asText());
        assertFalse(config.has("num_experts"));
        try (SafetensorsFile f = SafetensorsFile.open(out.resolve("model.safetensors"))) {
            assertEquals(new java.util.TreeSet<>(names), new java.util.TreeSet<>(f.entries().stream().map(SafetensorsEntry::name).toList()));
            for (String n : names) assertEquals(t5.get(n), f.read(n), n);
        }
    }

    /** From a compiled artifact the graph is not at hand: config.json leaves capacity and dropout to transformers, and says so. */
    @Test
    void exportFromAnArtifactDirectory() throws Exception {
        Path spec = spec("f32");
        Path artifact = dir.resolve("artifact");
        assertEquals(0, CliRun.run(Commands.all(), "compile", spec.toString(), "-o", artifact.toString()).exitCode());
        SequencedMap<String, HostTensor> values = new LinkedHashMap<>();
        for (Manifest.ParameterSpec p : parameters(spec)) values.put(p.path(), ParameterInit.initialize(p, 3));
        Path weights = dir.resolve("w.safetensors");
        SafetensorsWriter.write(weights, values, Map.of());
        Path out = dir.resolve("from-artifact");
        CliRun r = CliRun.run(Commands.all(), "export", "hf", artifact.toString(), "--weights", weights.toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("expert capacity, dropout rate and router jitter are unknown"), r::toString);
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertFalse(config.has("expert_capacity"));
        assertEquals(3, config.get("num_experts").asInt());
        Path back = dir.resolve("back.safetensors");
        assertEquals(0, CliRun.run(Commands.all(), "import", "hf", out.toString(), "--model", artifact.toString(), "-o", back.toString())
                .exitCode());
        try (SafetensorsFile f = SafetensorsFile.open(back)) {
            for (Map.Entry<String, HostTensor> e : values.entrySet()) assertEquals(e.getValue(), f.read(e.getKey()), e.getKey());
        }
    }

    /**
     * import -o used to replace any file: the checkpoint's own model.safetensors (the user's Hugging
     * Face weights silently overwritten by the converted ones), or a file of a directory Switchyard
     * wrote whole (an artifact's manifest.json). Both are refused before anything is written.
     */
    @Test
    void importRefusesToOverwriteItsSourceOrAFileOfADirectorySwitchyardWrote() throws Exception {
        Path hf = singleFile(HfCheckpoints.tensors(TINY, ElementType.F32, HfImportExportTest::id));
        Path source = hf.resolve("model.safetensors");
        byte[] before = Files.readAllBytes(source);
        for (Path out : List.of(source, hf.resolve("../hf/./model.safetensors"))) {
            CliRun r = CliRun.run(Commands.all(), "import", "hf", hf.toString(), "--model", spec("f32").toString(), "-o", out.toString());
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().contains("a file of the checkpoint being imported; writing it would destroy the checkpoint"), r::toString);
        }
        assertArrayEquals(before, Files.readAllBytes(source), "the Hugging Face weights are untouched");

        Path artifact = dir.resolve("artifact");
        assertEquals(0, CliRun.run(Commands.all(), "compile", spec("f32").toString(), "-o", artifact.toString()).exitCode());
        String manifest = Files.readString(artifact.resolve("manifest.json"));
        CliRun r = CliRun.run(Commands.all(), "import", "hf", hf.toString(), "--model", spec("f32").toString(), "-o",
                artifact.resolve("manifest.json").toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("is one of the files Switchyard wrote as " + artifact), r::toString);
        assertEquals(manifest, Files.readString(artifact.resolve("manifest.json")));
        // a new file beside them is the user's to add
        assertEquals(0, CliRun.run(Commands.all(), "import", "hf", hf.toString(), "--model", spec("f32").toString(), "-o",
                artifact.resolve("imported.safetensors").toString()).exitCode());
    }

    /**
     * export --force used to replace a compiled artifact or a training checkpoint (both list their
     * files as Switchyard's) with a Hugging Face checkpoint: a step directory given as -o, its own
     * params.safetensors as --weights, was exported and then deleted. Now refused, with --force too.
     */
    @Test
    void exportNeverReplacesACheckpointOrAnArtifact() throws Exception {
        Path spec = spec("f32");
        SequencedMap<String, HostTensor> values = new LinkedHashMap<>();
        for (Manifest.ParameterSpec p : parameters(spec)) values.put(p.path(), ParameterInit.initialize(p, 3));
        Path step = new dev.switchyard.cli.train.CheckpointStore(dir.resolve("ckpt")).save(new dev.switchyard.cli.train.CheckpointInfo(
                1, 1, 0, new long[] {0, 0}, Map.of("name", "sgd"), Map.of("name", "constant", "lr", 0.1), "hf_tiny", "0".repeat(64),
                List.of(), List.of(), Map.of()), values, new LinkedHashMap<>());
        Path artifact = dir.resolve("artifact");
        assertEquals(0, CliRun.run(Commands.all(), "compile", spec.toString(), "-o", artifact.toString()).exitCode());
        for (Path out : List.of(step, artifact)) {
            Set<String> before = new java.util.TreeSet<>();
            try (var files = Files.list(out)) { files.forEach(f -> before.add(f.getFileName().toString())); }
            CliRun r = CliRun.run(Commands.all(), "export", "hf", spec.toString(), "--weights", step.resolve("params.safetensors").toString(),
                    "-o", out.toString(), "--force");
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().contains("-o " + out + ": holds " + (out == step ? "checkpoint.json (a training checkpoint)" : "manifest.json (a compiled artifact)")
                    + "; export writes a Hugging Face checkpoint and would replace it, even with --force"), r::toString);
            Set<String> after = new java.util.TreeSet<>();
            try (var files = Files.list(out)) { files.forEach(f -> after.add(f.getFileName().toString())); }
            assertEquals(before, after, out + " is untouched");
        }
        assertEquals(values.keySet(), dev.switchyard.cli.train.CheckpointStore.load(step).params().keySet(), "the checkpoint still loads");
    }

    /**
     * A config.json or index that does not parse used to be reported without a line and column and
     * with the parser's note "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION`
     * disabled); line: 1, column: 1]"; now FILE:LINE:COL and the parser's words alone.
     */
    @Test
    void aConfigOrIndexThatDoesNotParseIsLocated() throws Exception {
        Path hf = singleFile(HfCheckpoints.tensors(TINY, ElementType.F32, HfImportExportTest::id));
        Files.writeString(hf.resolve("config.json"), "{\n  \"d_model\": [4\n");
        CliRun r = CliRun.run(Commands.all(), "import", "hf", hf.toString(), "--model", spec("f32").toString(), "-o",
                dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains(hf.resolve("config.json") + ":3:1: not valid JSON: Unexpected end-of-input: expected close marker for Array"
                + " (start marker at line 2, column 14)"), r::toString);
        Files.delete(hf.resolve("config.json"));
        Files.writeString(hf.resolve("model.safetensors.index.json"), "{\"weight_map\": {\"shared.weight\" \"model.safetensors\"}}");
        r = CliRun.run(Commands.all(), "import", "hf", hf.resolve("model.safetensors.index.json").toString(), "--model", spec("f32").toString(),
                "-o", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains(hf.resolve("model.safetensors.index.json") + ":1:33: not valid JSON: Unexpected character"), r::toString);
        for (String noise : List.of("Source:", "REDACTED", "StreamReadFeature")) assertFalse(r.err().contains(noise), r::toString);
        assertFalse(Files.exists(dir.resolve("o.safetensors")));
    }

    @Test
    void usageMistakes() throws Exception {
        CliRun help = CliRun.run(Commands.all(), "import", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("hf PATH --model"), help::toString);
        assertEquals(0, CliRun.run(Commands.all(), "export", "--help").exitCode());
        CliRun format = CliRun.run(Commands.all(), "import", "onnx", "x", "--model", "m.sy", "-o", "o");
        assertEquals(1, format.exitCode());
        assertTrue(format.err().contains("expected 'hf PATH'"), format::toString);
        CliRun noModel = CliRun.run(Commands.all(), "import", "hf", dir.toString(), "-o", dir.resolve("o").toString());
        assertEquals(1, noModel.exitCode());
        assertTrue(noModel.err().contains("--model"), noModel::toString);
        CliRun empty = CliRun.run(Commands.all(), "import", "hf", dir.toString(), "--model", spec("f32").toString(), "-o",
                dir.resolve("o").toString());
        assertEquals(1, empty.exitCode());
        assertTrue(empty.err().contains("no model.safetensors.index.json nor model.safetensors"), empty::toString);
        CliRun weightsDir = CliRun.run(Commands.all(), "export", "hf", spec("f32").toString(), "--weights", dir.toString(), "-o",
                dir.resolve("e").toString());
        assertEquals(1, weightsDir.exitCode(), weightsDir::toString);
        assertTrue(weightsDir.err().contains(dir + ": is a directory, not a safetensors file"), weightsDir::toString);
        assertFalse(Files.exists(dir.resolve("e")));
    }

    // ---- the layouts, written from the facts (torch Linear [out, in]; q/k/v [heads·d_kv, d_model]) ----

    record Source(String name, int flat) {}

    private static final Pattern LAYER = Pattern.compile("(encoder|decoder)\\.layer_(\\d+)\\.(.+)");

    /** Which HF tensor and element hold our parameter {@code path} at index {@code idx}. */
    static Source hfSource(String path, int[] idx) {
        int d = TINY.dModel(), ff = TINY.dFf(), kv = TINY.dKv(), h = TINY.heads();
        if (path.equals("embedding")) return new Source("shared.weight", idx[0] * d + idx[1]);
        if (path.endsWith(".final_norm.scale")) return new Source(path.replace(".final_norm.scale", ".final_layer_norm.weight"), idx[0]);
        Matcher m = LAYER.matcher(path);
        assertTrue(m.matches(), path);
        String block = m.group(1) + ".block." + m.group(2) + ".layer.";
        String ffn = block + (m.group(1).equals("decoder") ? "2" : "1") + ".";
        String rest = m.group(3);
        return switch (rest) {
            case "attention_norm.scale", "self_attention_norm.scale" -> new Source(block + "0.layer_norm.weight", idx[0]);
            case "cross_attention_norm.scale" -> new Source(block + "1.layer_norm.weight", idx[0]);
            case "ffn.ffn_norm.scale" -> new Source(ffn + "layer_norm.weight", idx[0]);
            case "attention.relative_bias", "self_attention.relative_bias" ->
                    new Source(block + "0.SelfAttention.relative_attention_bias.weight", idx[0] * h + idx[1]);
            case "ffn.mlp.wi" -> new Source(ffn + "mlp.wi.weight", idx[1] * d + idx[0]);           // [d, ff] ← [ff, d]
            case "ffn.mlp.wo" -> new Source(ffn + "mlp.wo.weight", idx[1] * ff + idx[0]);          // [ff, d] ← [d, ff]
            case "ffn.mlp.router.classifier" -> new Source(ffn + "mlp.router.classifier.weight", idx[1] * d + idx[0]);
            case "ffn.mlp.experts.wi" -> new Source(ffn + "mlp.experts.expert_" + idx[0] + ".wi.weight", idx[2] * d + idx[1]);
            case "ffn.mlp.experts.wo" -> new Source(ffn + "mlp.experts.expert_" + idx[0] + ".wo.weight", idx[2] * ff + idx[1]);
            default -> {
                String module = rest.startsWith("cross_attention.") ? "1.EncDecAttention." : "0.SelfAttention.";
                String w = rest.substring(rest.lastIndexOf('.') + 1);
                String name = block + module + w + ".weight";
                // q/k/v [d, h, kv] ← [(h·kv), d]; o [h, kv, d] ← [d, (h·kv)]
                yield w.equals("o") ? new Source(name, idx[2] * (h * kv) + idx[0] * kv + idx[1])
                        : new Source(name, (idx[1] * kv + idx[2]) * d + idx[0]);
            }
        };
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    static List<Manifest.ParameterSpec> parameters(Path spec) {
        return new ArrayList<>(GraphManifests.parameters(Frontend.check(spec, CheckOptions.defaults()).graph().orElseThrow()));
    }
}
