package dev.switchyard.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.cli.artifact.Initializer;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.safetensors.SafetensorsWriter;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPiecesTest {

    @TempDir Path dir;

    @Test
    void summaryByHand() {
        TensorSummary s = TensorSummary.of(HostTensor.ofFloats(ElementType.F32, new long[] {4}, 1, 2, 3, 6));
        assertEquals(4, s.count());
        assertEquals(3.0, s.mean(), 1e-12);
        assertEquals(Math.sqrt((4 + 1 + 0 + 9) / 4.0), s.std(), 1e-12);
        assertEquals(1.0, s.min());
        assertEquals(6.0, s.max());
        assertEquals("value 7.00000", TensorSummary.of(HostTensor.ofLongs(ElementType.I32, new long[0], 7)).format(ElementType.I32));
    }

    @Test
    void generatedTokensStayBelowTheVocabulary() {
        var embed = ParameterInitTest.param("embed", "f32", new Initializer.Zeros(), 10, 4);
        embed = new Manifest.ParameterSpec(embed.path(), embed.dtype(), List.of("vocab", "d_model"), embed.shape(), embed.initializer(),
                embed.sharding(), embed.byteSize(), 0);
        long bound = InputGenerator.tokenBound(List.of(embed));
        assertEquals(10, bound);
        var tokens = new Manifest.TensorSpec("tokens", "i32", List.of("batch", "seq"), List.of(8L, 64L), List.of(List.of(), List.of()), 1);
        long[] v = InputGenerator.generate(tokens, 5, bound).toLongs();
        assertTrue(java.util.Arrays.stream(v).allMatch(t -> t >= 0 && t < 10));
        assertEquals(10, java.util.Arrays.stream(v).distinct().count(), "512 draws hit every token id");
        var training = new Manifest.TensorSpec("training", "i1", List.of(), List.of(), List.of(), 2);
        assertEquals(0, InputGenerator.generate(training, 5, bound).toLongs()[0], "a plain run is inference");
    }

    @Test
    void weightsMissingExtraAndMisShapedAreNamed() throws Exception {
        var wi = ParameterInitTest.param("moe.wi", "f32", new Initializer.Zeros(), 2, 3);
        var wo = ParameterInitTest.param("moe.wo", "f32", new Initializer.Zeros(), 3, 2);
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("moe.wi", HostTensor.zeros(ElementType.F32, 3, 2));
        tensors.put("moe.extra", HostTensor.zeros(ElementType.F32, 1));
        Path file = dir.resolve("w.safetensors");
        SafetensorsWriter.write(file, tensors, java.util.Map.of());
        var e = assertThrows(WeightLoader.WeightException.class, () -> WeightLoader.load(file, List.of(wi, wo)));
        assertTrue(e.getMessage().contains("tensor 'moe.wi' has shape [3, 2], the model needs [2, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("missing tensor 'moe.wo'"), e.getMessage());
        assertTrue(e.getMessage().contains("extra tensor 'moe.extra'"), e.getMessage());

        tensors.clear();
        tensors.put("moe.wi", HostTensor.zeros(ElementType.BF16, 2, 3));
        SafetensorsWriter.write(file, tensors, java.util.Map.of());
        var dtype = assertThrows(WeightLoader.WeightException.class, () -> WeightLoader.load(file, List.of(wi)));
        assertTrue(dtype.getMessage().contains("tensor 'moe.wi' is BF16 (bf16), the model needs f32"), dtype.getMessage());

        tensors.clear();
        HostTensor good = HostTensor.ofFloats(ElementType.F32, new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
        tensors.put("moe.wi", good);
        SafetensorsWriter.write(file, tensors, java.util.Map.of());
        assertEquals(good, WeightLoader.load(file, List.of(wi)).get("moe.wi"));
    }

    @Test
    void progressBarIsSilentOffTerminalAndForShortWork() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        AtomicLong now = new AtomicLong();
        try (ProgressBar bar = new ProgressBar(ps, "x", 10, false, now::get)) {
            now.set(10_000_000_000L);
            bar.update(5);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8), "not a terminal: nothing");
        try (ProgressBar bar = new ProgressBar(ps, "x", 10, true, now::get)) {
            bar.update(5);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8), "under two seconds: nothing");
        try (ProgressBar bar = new ProgressBar(ps, "init", 10, true, now::get)) {
            now.addAndGet(3_000_000_000L);
            bar.update(5);
        }
        String drawn = err.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\rinit [###############...............]  50% 3.0s"), drawn);
        assertTrue(drawn.endsWith("\r\u001b[K"), "the line is cleared at the end");
    }
}
