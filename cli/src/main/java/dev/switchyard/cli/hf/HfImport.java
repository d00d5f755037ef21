package dev.switchyard.cli.hf;

import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.safetensors.SafetensorsDtype;
import dev.switchyard.cli.safetensors.SafetensorsEntry;
import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.Set;

/**
 * Turns a Hugging Face checkpoint into a model's parameters by path. The whole plan is checked
 * before any tensor is read: every parameter must find its HF tensors with the shapes its
 * layout implies and every HF tensor must be taken by a parameter (or be a tied copy of the
 * embedding, or the one tensor transformers ignores too); otherwise the error lists each missing,
 * mis-shaped and unused tensor with its shape. Values are converted to the dtypes the model
 * declares, and the notes say which conversions lost precision.
 */
public final class HfImport {
    private HfImport() {}

    /** At most this many problems are listed one per line; the rest are counted. */
    static final int SHOWN_PROBLEMS = 40;

    /**
     * Writes the model's parameters from {@code checkpoint} to the safetensors file {@code out},
     * one tensor in memory at a time; {@code progress} hears the bytes written so far. Returns
     * the notes (conversions, tied copies, ignored tensors).
     */
    public static List<String> write(HfCheckpoint checkpoint, List<Manifest.ParameterSpec> parameters, Path out,
                                     LongConsumer progress) throws IOException {
        Map<String, SafetensorsEntry> hf = checkpoint.entries();
        HfNames.FfnNaming naming = hf.keySet().stream().anyMatch(n -> n.contains(".DenseReluDense."))
                ? HfNames.FfnNaming.T5 : HfNames.FfnNaming.SWITCH;
        List<String> missing = new ArrayList<>(), misShaped = new ArrayList<>(), unused = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> used = new HashSet<>();
        Map<Manifest.ParameterSpec, HfNames.Mapping> plan = new LinkedHashMap<>();
        boolean untiedHead = false;
        for (Manifest.ParameterSpec p : parameters) {
            untiedHead |= HfNames.of(p.path(), shape(p), naming).map(m -> m.hfNames().contains(HfNames.LM_HEAD)).orElse(false);
        }
        List<String> tiedCopies = new ArrayList<>(HfNames.SHARED_ALIASES);
        if (!untiedHead) tiedCopies.add(HfNames.LM_HEAD);
        String embeddingSource = null;
        for (Manifest.ParameterSpec p : parameters) {
            long[] ours = shape(p);
            String what = "parameter '" + p.path() + "' (" + p.dtype() + Arrays.toString(ours) + " " + p.dims() + ")";
            var found = HfNames.of(p.path(), ours, naming);
            if (found.isEmpty()) {
                missing.add(what + " has no Hugging Face name (known: the prelude's encoder/decoder blocks, a top-level"
                        + " 'embedding' and 'lm_head')");
                continue;
            }
            HfNames.Mapping m = found.get();
            boolean embedding = m.hfNames().equals(List.of(HfNames.SHARED));
            if (embedding && !hf.containsKey(HfNames.SHARED)) {
                // a checkpoint saved without the deduplicated name still holds the embedding under a tied copy
                for (String copy : tiedCopies) {
                    if (hf.containsKey(copy)) {
                        m = new HfNames.Mapping(m.path(), List.of(copy), false, m.layout());
                        break;
                    }
                }
            }
            if (embedding) embeddingSource = m.hfNames().get(0);
            if (!ElementType.fromMlirName(p.dtype()).map(ElementType::isFloat).orElse(false)) {
                misShaped.add(what + " is not a float tensor; Hugging Face weights are floats");
                continue;
            }
            long[] want = m.hfShape(ours);
            for (String name : m.hfNames()) {
                SafetensorsEntry e = hf.get(name);
                if (e == null) {
                    missing.add("missing HF tensor '" + name + "' " + Arrays.toString(want) + " for " + what);
                    continue;
                }
                used.add(name);
                if (!Arrays.equals(e.shape(), want)) {
                    misShaped.add("HF tensor '" + name + "' is " + e.dtype() + Arrays.toString(e.shape()) + "; " + what
                            + " needs " + Arrays.toString(want));
                } else if (!e.dtype().elementType().isFloat()) {
                    misShaped.add("HF tensor '" + name + "' is " + e.dtype() + Arrays.toString(e.shape()) + ", not a float tensor");
                }
            }
            plan.put(p, m);
        }
        List<String> copies = new ArrayList<>();
        for (String copy : tiedCopies) {
            if (hf.containsKey(copy) && !used.contains(copy) && embeddingSource != null) {
                copies.add(copy);
                used.add(copy);
            }
        }
        if (hf.containsKey(HfNames.IGNORED_CROSS_ATTENTION_BIAS) && used.add(HfNames.IGNORED_CROSS_ATTENTION_BIAS)) {
            notes.add("ignoring " + HfNames.IGNORED_CROSS_ATTENTION_BIAS + ": cross-attention has no relative bias (transformers ignores it too)");
        }
        for (SafetensorsEntry e : hf.values()) {
            if (!used.contains(e.name())) {
                unused.add("unused HF tensor '" + e.name() + "' " + e.dtype() + Arrays.toString(e.shape()) + ": no parameter of the model takes it");
            }
        }
        List<String> problems = new ArrayList<>(missing);
        problems.addAll(misShaped);
        problems.addAll(unused);
        if (!problems.isEmpty()) throw new HfException(describe(checkpoint, problems));

        if (embeddingSource != null) checkTiedCopies(checkpoint, embeddingSource, copies, notes);
        Map<String, long[]> conversions = new LinkedHashMap<>(); // "F32 → bf16" -> {tensors, values, changed, overflowed}
        List<SafetensorsStream.Spec> specs = new ArrayList<>();
        Map<String, Manifest.ParameterSpec> byPath = new LinkedHashMap<>();
        for (Manifest.ParameterSpec p : plan.keySet()) {
            specs.add(new SafetensorsStream.Spec(p.path(), ElementType.fromMlirName(p.dtype()).orElseThrow(), shape(p)));
            byPath.put(p.path(), p);
        }
        long[] done = {0};
        SafetensorsStream.write(out, specs, Map.of(), spec -> {
            Manifest.ParameterSpec p = byPath.get(spec.name());
            HfNames.Mapping m = plan.get(p);
            ElementType type = spec.type();
            long[] ours = spec.shape();
            long[] piece = m.stacked() ? Arrays.copyOfRange(ours, 1, ours.length) : ours;
            byte[] bytes = new byte[Math.toIntExact(spec.bytes())];
            int at = 0;
            for (String name : m.hfNames()) {
                HostTensor t = checkpoint.read(name);
                FloatConversion.Result c = FloatConversion.convert(t, type);
                if (t.elementType() != type) {
                    long[] st = conversions.computeIfAbsent(dtypeName(t.elementType()) + " → " + type, k -> new long[4]);
                    st[0]++;
                    st[1] += t.elementCount();
                    st[2] += c.changed();
                    st[3] += c.overflowed();
                }
                byte[] converted = m.layout().toOurs(c.tensor().data(), piece, type.byteSize());
                System.arraycopy(converted, 0, bytes, at, converted.length);
                at += converted.length;
            }
            done[0] += bytes.length;
            progress.accept(done[0]);
            return bytes;
        });
        for (Map.Entry<String, long[]> c : conversions.entrySet()) {
            long[] st = c.getValue();
            String head = String.format(Locale.ROOT, "converted %,d tensor%s %s", st[0], st[0] == 1 ? "" : "s", c.getKey());
            if (st[2] == 0) {
                notes.add(head + " exactly (every value is representable)");
            } else {
                notes.add(String.format(Locale.ROOT, "%s: precision lost in %,d of %,d values (rounded to nearest even)%s", head,
                        st[2], st[1], st[3] == 0 ? "" : String.format(Locale.ROOT, ", %,d overflowed to infinity", st[3])));
            }
        }
        return notes;
    }

    /** Tied copies must hold the embedding itself: a different lm_head would be silently dropped otherwise. */
    private static void checkTiedCopies(HfCheckpoint checkpoint, String source, List<String> copies, List<String> notes)
            throws IOException {
        if (copies.isEmpty()) return;
        HostTensor embedding = checkpoint.read(source);
        List<String> differ = new ArrayList<>();
        for (String copy : copies) {
            HostTensor t = checkpoint.read(copy);
            boolean equal = t.elementType() == embedding.elementType() && Arrays.equals(t.shape(), embedding.shape())
                    && Arrays.equals(t.data(), embedding.data());
            if (!equal) differ.add(copy);
        }
        if (!differ.isEmpty()) {
            throw new HfException(checkpoint.source() + ": " + String.join(", ", differ) + " differ" + (differ.size() == 1 ? "s" : "")
                    + " from " + source + ", but the model ties them (one embedding, no 'lm_head' parameter);"
                    + " declare an untied 'lm_head' parameter to keep a separate output projection");
        }
        notes.add("tied copies of " + source + " (" + String.join(", ", copies) + ") are equal to it; read once");
    }

    private static String describe(HfCheckpoint checkpoint, List<String> problems) {
        StringBuilder b = new StringBuilder();
        b.append(checkpoint.source()).append(": the checkpoint does not fit the model (").append(problems.size())
                .append(" problem").append(problems.size() == 1 ? "" : "s").append("):");
        for (int i = 0; i < Math.min(problems.size(), SHOWN_PROBLEMS); i++) b.append("\n  ").append(problems.get(i));
        if (problems.size() > SHOWN_PROBLEMS) b.append("\n  … and ").append(problems.size() - SHOWN_PROBLEMS).append(" more");
        return b.toString();
    }

    private static String dtypeName(ElementType t) {
        return SafetensorsDtype.of(t).map(Enum::name).orElse(t.toString());
    }

    static long[] shape(Manifest.ParameterSpec p) {
        return p.shape().stream().mapToLong(Long::longValue).toArray();
    }
}
