package dev.switchyard.compiler.cost;

import java.util.List;

/**
 * What {@code switchyard inspect} prints. Counting rules are in {@link CostModel}.
 *
 * @param model                    the model's name
 * @param devices                  devices of the mesh
 * @param paramsTotal              parameter elements
 * @param paramsActivePerToken     parameter elements one token touches (each sparse layer's expert
 *                                 weights count k/E of their size; everything else fully)
 * @param sparseLayers             per MoE layer: its path, experts, choices, parameters
 * @param tokensPerStep            tokens one forward step processes (see {@link CostModel})
 * @param flopsPerStep             forward FLOPs of one step (multiply-add = 2)
 * @param flopsPerToken            {@code flopsPerStep / tokensPerStep}
 * @param bytesParamsPerDevice     parameter bytes one device holds under the layouts
 * @param bytesActivationsPerDevice bytes of every intermediate result one device holds, if all were kept
 * @param allToAllBytesPerStep     bytes one device sends in the dispatch and combine all-to-alls of
 *                                 one forward step, all sparse layers together
 */
public record CostReport(String model, long devices, long paramsTotal, long paramsActivePerToken,
                         List<SparseLayer> sparseLayers, long tokensPerStep, long flopsPerStep, double flopsPerToken,
                         long bytesParamsPerDevice, long bytesActivationsPerDevice, long allToAllBytesPerStep) {

    public CostReport {
        sparseLayers = List.copyOf(sparseLayers);
    }

    /**
     * One MoE layer.
     *
     * @param path              block path of its dispatch ({@code encoder.layer_1.ffn.mlp})
     * @param experts           E
     * @param choices           k (1 for top-1 switch routing)
     * @param params            parameter elements under its path (router and experts)
     * @param expertParams      of which expert weights (the part split over the experts)
     * @param allToAllBytes     bytes one device sends in this layer's two all-to-alls
     */
    public record SparseLayer(String path, long experts, long choices, long params, long expertParams, long allToAllBytes) {}

    /** The human-readable table {@code switchyard inspect} prints (one quantity per line, then the sparse layers). */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        row(sb, "model", model);
        row(sb, "devices", Long.toString(devices));
        row(sb, "parameters", count(paramsTotal));
        row(sb, "parameters active per token", count(paramsActivePerToken));
        row(sb, "tokens per step", Long.toString(tokensPerStep));
        row(sb, "forward FLOPs per token", count(Math.round(flopsPerToken)));
        row(sb, "forward FLOPs per step", count(flopsPerStep));
        row(sb, "parameter bytes per device", bytes(bytesParamsPerDevice));
        row(sb, "activation bytes per device", bytes(bytesActivationsPerDevice));
        row(sb, "all-to-all bytes per step", bytes(allToAllBytesPerStep));
        if (!sparseLayers.isEmpty()) {
            sb.append(String.format("%nsparse layer%40s %8s %8s %14s %14s%n", "", "experts", "choices", "parameters", "all-to-all"));
            for (SparseLayer l : sparseLayers) {
                sb.append(String.format("%-52s %8d %8d %14s %14s%n", l.path(), l.experts(), l.choices(), count(l.params()), bytes(l.allToAllBytes())));
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, String value) { sb.append(String.format("%-30s %s%n", name, value)); }

    /** 1234567 → "1.23 M (1234567)". */
    static String count(long n) {
        String[] units = {"", " K", " M", " G", " T", " P"};
        double v = n;
        int u = 0;
        while (Math.abs(v) >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? Long.toString(n) : String.format(java.util.Locale.ROOT, "%.2f%s (%d)", v, units[u], n);
    }

    static String bytes(long n) {
        String[] units = {" B", " KiB", " MiB", " GiB", " TiB", " PiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(java.util.Locale.ROOT, "%.2f%s", v, units[u]);
    }

    /** The report as one JSON object (the keys {@code inspect --json} promises, in snake case). */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"model\": ").append(quote(model));
        sb.append(", \"devices\": ").append(devices);
        sb.append(", \"params_total\": ").append(paramsTotal);
        sb.append(", \"params_active_per_token\": ").append(paramsActivePerToken);
        sb.append(", \"tokens_per_step\": ").append(tokensPerStep);
        sb.append(", \"flops_per_step\": ").append(flopsPerStep);
        sb.append(", \"flops_per_token\": ").append(number(flopsPerToken));
        sb.append(", \"bytes_params_per_device\": ").append(bytesParamsPerDevice);
        sb.append(", \"bytes_activations_per_device\": ").append(bytesActivationsPerDevice);
        sb.append(", \"all_to_all_bytes_per_step\": ").append(allToAllBytesPerStep);
        sb.append(", \"sparse_layers\": [");
        for (int i = 0; i < sparseLayers.size(); i++) {
            SparseLayer l = sparseLayers.get(i);
            if (i > 0) sb.append(", ");
            sb.append("{\"path\": ").append(quote(l.path())).append(", \"experts\": ").append(l.experts())
                    .append(", \"choices\": ").append(l.choices()).append(", \"params\": ").append(l.params())
                    .append(", \"expert_params\": ").append(l.expertParams())
                    .append(", \"all_to_all_bytes\": ").append(l.allToAllBytes()).append('}');
        }
        return sb.append("]}").toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"').toString();
    }
}
