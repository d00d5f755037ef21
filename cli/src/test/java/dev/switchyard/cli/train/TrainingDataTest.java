package dev.switchyard.cli.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.cli.UserError;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import dev.switchyard.hlo.tensor.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {

    @TempDir Path dir;

    static final Path CORPUS = Path.of("..", "data", "corpus");

    static List<InputSpec> encoderDecoder(long batch, long seq, long tgt) {
        return List.of(new InputSpec("inputs", ElementType.I32, List.of("batch", "seq"), new long[] {batch, seq}),
                new InputSpec("decoder_inputs", ElementType.I32, List.of("batch", "tgt"), new long[] {batch, tgt}),
                new InputSpec("targets", ElementType.I32, List.of("batch", "tgt"), new long[] {batch, tgt}));
    }

    @Test
    void paragraphsAreDocumentsAndPackingAddsEos() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "first line\nsame doc\n\n  \n\nsecond\n");
        Files.writeString(dir.resolve("b.txt"), "third");
        List<String> docs = TextCorpus.documents(dir);
        assertEquals(List.of("first line\nsame doc", "second", "third"), docs);
        int[] packed = TextCorpus.pack(List.of("ab", "c"));
        assertArrayEquals(new int[] {'a' + 3, 'b' + 3, 1, 'c' + 3, 1}, packed);
    }

    @Test
    void emptyCorpusIsAnError() throws Exception {
        Files.writeString(dir.resolve("empty.txt"), "\n\n   \n");
        UserError e = assertThrows(UserError.class, () -> TextCorpus.documents(dir));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void shippedCorpusHoldsOutOnePercent() throws Exception {
        List<String> docs = TextCorpus.documents(CORPUS);
        assertTrue(docs.size() > 1000, "paragraphs: " + docs.size());
        TextCorpus.Split split = TextCorpus.holdOut(docs);
        assertEquals(docs.size(), split.train().size() + split.eval().size());
        assertEquals((docs.size() + 49) / 100, split.eval().size());
    }

    @Test
    void spanCorruptionBatchesDecodeBackToTheCorpus() throws Exception {
        List<String> docs = List.of("The quick brown fox jumps over the lazy dog. ".repeat(20));
        TextData data = TextData.of(docs, encoderDecoder(2, 16, 8), 300, "m.sy", "text", 1, false);
        assertEquals(TextData.Objective.SPAN_CORRUPTION, data.objective());
        int chunk = data.chunkLength();
        SpanCorruption t5 = SpanCorruption.t5(300);
        assertTrue(t5.inputsLength(chunk) <= 16 && t5.targetsLength(chunk) <= 8);
        Map<String, HostTensor> b = data.batch(0);
        long[] inputs = b.get("inputs").toLongs(), targets = b.get("targets").toLongs(), dec = b.get("decoder_inputs").toLongs();
        // un-corrupt row 0: replace each sentinel in the inputs by the tokens after it in the targets
        List<Integer> restored = new ArrayList<>();
        for (int i = 0; i < 16 && inputs[i] != 1; i++) {
            if (inputs[i] >= 259) {
                int at = indexOf(targets, 0, 8, inputs[i]) + 1;
                while (targets[at] < 259 && targets[at] != 1) restored.add((int) targets[at++]);
            } else {
                restored.add((int) inputs[i]);
            }
        }
        int[] raw = TextCorpus.pack(docs);
        for (int i = 0; i < chunk; i++) assertEquals(raw[i], restored.get(i), "token " + i);
        assertEquals(chunk, restored.size());
        // decoder inputs: the targets shifted right behind 0
        assertEquals(0, dec[0]);
        for (int i = 1; i < 8; i++) assertEquals(targets[i - 1], dec[i]);
    }

    private static int indexOf(long[] a, int from, int to, long v) {
        for (int i = from; i < to; i++) if (a[i] == v) return i;
        throw new AssertionError("sentinel " + v + " not in targets");
    }

    @Test
    void nextTokenTargetsAreShiftedInputs() throws Exception {
        List<InputSpec> lm = List.of(new InputSpec("inputs", ElementType.I32, List.of("batch", "seq"), new long[] {2, 5}),
                new InputSpec("targets", ElementType.I32, List.of("batch", "seq"), new long[] {2, 5}));
        TextData data = TextData.of(List.of("abcdefghijklmnop"), lm, 259, "m.sy", "text", 0, false);
        assertEquals(TextData.Objective.NEXT_TOKEN, data.objective());
        Map<String, HostTensor> b = data.batch(0);
        // chunks of 6: "abcdef", "ghijkl"
        assertArrayEquals(new long[] {'a' + 3, 'b' + 3, 'c' + 3, 'd' + 3, 'e' + 3, 'g' + 3, 'h' + 3, 'i' + 3, 'j' + 3, 'k' + 3},
                b.get("inputs").toLongs());
        assertArrayEquals(new long[] {'b' + 3, 'c' + 3, 'd' + 3, 'e' + 3, 'f' + 3, 'h' + 3, 'i' + 3, 'j' + 3, 'k' + 3, 'l' + 3},
                b.get("targets").toLongs());
    }

    @Test
    void textIsDeterministicForASeedAndShuffledByIt() throws Exception {
        List<String> docs = TextCorpus.documents(CORPUS).subList(0, 300);
        TextData a = TextData.of(docs, encoderDecoder(4, 32, 16), 300, "m.sy", "text", 5, true);
        TextData again = TextData.of(docs, encoderDecoder(4, 32, 16), 300, "m.sy", "text", 5, true);
        TextData other = TextData.of(docs, encoderDecoder(4, 32, 16), 300, "m.sy", "text", 6, true);
        assertEquals(a.batch(3), again.batch(3));
        assertEquals(a.batch(a.batchesPerEpoch() + 1), again.batch(a.batchesPerEpoch() + 1));
        assertNotEquals(a.batch(3), other.batch(3));
    }

    @Test
    void textNeedsAByteVocabulary() {
        UserError e = assertThrows(UserError.class, () -> TextData.of(List.of("x".repeat(100)), encoderDecoder(1, 8, 8), 64, "tiny.sy", "t", 0, false));
        assertTrue(e.getMessage().contains("tiny.sy") && e.getMessage().contains("259"), e.getMessage());
    }

    @Test
    void textNeedsTokenInputs() {
        List<InputSpec> odd = List.of(new InputSpec("x", ElementType.F32, List.of("batch", "d"), new long[] {2, 4}));
        UserError e = assertThrows(UserError.class, () -> TextData.of(List.of("abc"), odd, 300, "m.sy", "t", 0, false));
        assertTrue(e.getMessage().contains("[x]"), e.getMessage());
    }

    static List<InputSpec> arraySpecs() {
        return List.of(new InputSpec("ids", ElementType.I32, List.of("batch", "seq"), new long[] {2, 3}),
                new InputSpec("labels", ElementType.I32, List.of("batch"), new long[] {2}));
    }

    private void writeArrays(int n) throws Exception {
        long[] ids = new long[n * 3], labels = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) ids[i * 3 + j] = 10L * i + j;
            labels[i] = i;
        }
        Npy.write(dir.resolve("ids.npy"), HostTensor.ofLongs(ElementType.I64, new long[] {n, 3}, ids)); // i64, as numpy writes
        Npy.write(dir.resolve("labels.npy"), HostTensor.ofLongs(ElementType.I32, new long[] {n}, labels));
    }

    @Test
    void arraysAreCutInOrderAndTheLastPartialBatchDropped() throws Exception {
        writeArrays(5);
        assertTrue(ArrayData.isArrayDirectory(dir));
        ArrayData data = ArrayData.load(dir, arraySpecs(), 0, false);
        assertEquals(2, data.batchesPerEpoch());
        assertArrayEquals(new long[] {0, 1, 2, 10, 11, 12}, data.batch(0).get("ids").toLongs());
        assertEquals(ElementType.I32, data.batch(0).get("ids").elementType());
        assertArrayEquals(new long[] {2, 3}, data.batch(1).get("labels").toLongs());
        // the next epoch starts over; example 4 is never seen
        assertArrayEquals(new long[] {0, 1}, data.batch(2).get("labels").toLongs());
    }

    @Test
    void shuffledArraysVisitEveryExampleOncePerEpoch() throws Exception {
        writeArrays(40);
        ArrayData data = ArrayData.load(dir, arraySpecs(), 3, true);
        Set<Long> seen = new HashSet<>();
        List<Long> order = new ArrayList<>();
        for (int b = 0; b < 20; b++) for (long l : data.batch(b).get("labels").toLongs()) { seen.add(l); order.add(l); }
        assertEquals(40, seen.size());
        assertFalse(order.equals(order.stream().sorted().toList()), "shuffled");
        // rows stay together: ids row i belongs to label i
        HostTensor ids = data.batch(0).get("ids");
        long label = data.batch(0).get("labels").toLongs()[0];
        assertEquals(10 * label, ids.toLongs()[0]);
    }

    @Test
    void misShapedArrayNamesItAndBothShapes() throws Exception {
        writeArrays(4);
        Npy.write(dir.resolve("ids.npy"), HostTensor.ofLongs(ElementType.I32, new long[] {4, 4}, new long[16]));
        UserError e = assertThrows(UserError.class, () -> ArrayData.load(dir, arraySpecs(), 0, false));
        assertTrue(e.getMessage().contains("'ids'") && e.getMessage().contains("[4, 4]") && e.getMessage().contains("[N, 3]"), e.getMessage());
    }

    @Test
    void wrongDtypeNamesTheArray() throws Exception {
        writeArrays(4);
        Npy.write(dir.resolve("labels.npy"), HostTensor.ofFloats(ElementType.F32, new long[] {4}, 1, 2, 3, 4));
        UserError e = assertThrows(UserError.class, () -> ArrayData.load(dir, arraySpecs(), 0, false));
        assertTrue(e.getMessage().contains("'labels'") && e.getMessage().contains("f32") && e.getMessage().contains("i32"), e.getMessage());
    }

    @Test
    void missingArrayAndMismatchedCountsAreErrors() throws Exception {
        writeArrays(4);
        Files.delete(dir.resolve("labels.npy"));
        assertTrue(assertThrows(UserError.class, () -> ArrayData.load(dir, arraySpecs(), 0, false)).getMessage().contains("labels"));
        Npy.write(dir.resolve("labels.npy"), HostTensor.ofLongs(ElementType.I32, new long[] {6}, new long[6]));
        String m = assertThrows(UserError.class, () -> ArrayData.load(dir, arraySpecs(), 0, false)).getMessage();
        assertTrue(m.contains("6") && m.contains("4") && m.contains("same N"), m);
    }
}
