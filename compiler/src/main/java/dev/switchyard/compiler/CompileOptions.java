package dev.switchyard.compiler;

import java.util.Map;
import java.util.TreeMap;

/**
 * Options of one compile.
 *
 * @param sharding   Shardy (default) or GSPMD annotations
 * @param dispatch   the MoE dispatch lowering
 * @param meshShape  mesh axis sizes to override ({@code --mesh-shape data=1,expert=1}); axes not named keep their size
 */
public record CompileOptions(ShardingForm sharding, Dispatch dispatch, Map<String, Long> meshShape) {

    public CompileOptions {
        meshShape = Map.copyOf(meshShape);
    }

    public static CompileOptions defaults() { return new CompileOptions(ShardingForm.SHARDY, Dispatch.DEFAULT, Map.of()); }

    public CompileOptions withSharding(ShardingForm s) { return new CompileOptions(s, dispatch, meshShape); }

    public CompileOptions withDispatch(Dispatch d) { return new CompileOptions(sharding, d, meshShape); }

    public CompileOptions withMeshShape(Map<String, Long> shape) { return new CompileOptions(sharding, dispatch, shape); }

    /**
     * Parses {@code data=1,expert=8}. Fails with a {@link CompileException} naming the bad entry.
     */
    public static Map<String, Long> parseMeshShape(String text) {
        Map<String, Long> out = new TreeMap<>();
        if (text.isBlank()) return out;
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", -1);
            if (kv.length != 2 || kv[0].isBlank()) throw new CompileException("--mesh-shape: expected axis=size, found '" + part.trim() + "'");
            try {
                long size = Long.parseLong(kv[1].trim());
                if (size < 1) throw new NumberFormatException();
                if (out.put(kv[0].trim(), size) != null) throw new CompileException("--mesh-shape: axis '" + kv[0].trim() + "' given twice");
            } catch (NumberFormatException e) {
                throw new CompileException("--mesh-shape: size of '" + kv[0].trim() + "' must be a positive integer, found '" + kv[1].trim() + "'");
            }
        }
        return out;
    }
}
