package dev.switchyard.compiler.train;

import dev.switchyard.compiler.CompileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of a {@link TrainConfig}, one spelling for flags and the manifest:
 * {@code NAME[:key=value,…]}, e.g. {@code adamw:beta1=0.9,weight_decay=0.01} or
 * {@code rsqrt:base=1,warmup=10000}; keys not given keep their defaults. {@link #describe} writes
 * the same keys back.
 */
public final class TrainConfigText {
    private TrainConfigText() {}

    public static final List<String> OPTIMIZERS = List.of("adafactor", "adamw", "sgd");
    public static final List<String> SCHEDULES = List.of("constant", "rsqrt", "cosine");

    /** Parses {@code --optimizer}; {@code flag} names the option in messages. */
    public static Optimizer optimizer(String text, String flag) {
        Spec s = Spec.parse(text, flag);
        try {
            return optimizer(s, flag);
        } catch (IllegalArgumentException e) {
            throw new CompileException(flag + ": " + s.name + " " + e.getMessage());
        }
    }

    private static Optimizer optimizer(Spec s, String flag) {
        return switch (s.name) {
            case "adafactor" -> {
                Optimizer.Adafactor d = Optimizer.Adafactor.defaults();
                s.allow("decay_rate", "clipping_threshold", "multiply_by_parameter_scale", "factored", "min_dim_size_to_factor", "epsilon1", "epsilon2");
                yield new Optimizer.Adafactor(s.number("decay_rate", d.decayRate()), s.number("clipping_threshold", d.clippingThreshold()),
                        s.bool("multiply_by_parameter_scale", d.multiplyByParameterScale()), s.bool("factored", d.factored()),
                        s.integer("min_dim_size_to_factor", d.minDimSizeToFactor()), s.number("epsilon1", d.epsilon1()), s.number("epsilon2", d.epsilon2()));
            }
            case "adamw" -> {
                Optimizer.AdamW d = Optimizer.AdamW.defaults();
                s.allow("beta1", "beta2", "epsilon", "weight_decay");
                yield new Optimizer.AdamW(s.number("beta1", d.beta1()), s.number("beta2", d.beta2()), s.number("epsilon", d.epsilon()),
                        s.number("weight_decay", d.weightDecay()));
            }
            case "sgd" -> {
                s.allow();
                yield new Optimizer.Sgd();
            }
            default -> throw new CompileException(flag + ": unknown optimizer '" + s.name + "' (one of " + String.join(", ", OPTIMIZERS) + ")");
        };
    }

    /** Parses {@code --lr-schedule}. */
    public static Schedule schedule(String text, String flag) {
        Spec s = Spec.parse(text, flag);
        try {
            return switch (s.name) {
                case "constant" -> {
                    s.allow("lr");
                    yield new Schedule.Constant(s.number("lr", 1e-3));
                }
                case "rsqrt" -> {
                    s.allow("base", "warmup");
                    yield new Schedule.Rsqrt(s.number("base", 1.0), s.integer("warmup", 10_000));
                }
                case "cosine" -> {
                    s.allow("base", "warmup", "total", "final_fraction");
                    yield new Schedule.WarmupCosine(s.number("base", 1e-3), s.integer("warmup", 1000), s.integer("total", 100_000),
                            s.number("final_fraction", 0));
                }
                default -> throw new CompileException(flag + ": unknown schedule '" + s.name + "' (one of " + String.join(", ", SCHEDULES) + ")");
            };
        } catch (IllegalArgumentException e) {
            throw new CompileException(flag + ": " + e.getMessage());
        }
    }

    /** The configuration as flat keys (manifest {@code entry.optimizer}): the names {@link #optimizer} and {@link #schedule} read. */
    public static Map<String, Object> describe(TrainConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("optimizer", c.optimizer().spelling());
        switch (c.optimizer()) {
            case Optimizer.Adafactor a -> {
                out.put("decay_rate", a.decayRate());
                out.put("clipping_threshold", a.clippingThreshold());
                out.put("multiply_by_parameter_scale", a.multiplyByParameterScale());
                out.put("factored", a.factored());
                out.put("min_dim_size_to_factor", a.minDimSizeToFactor());
                out.put("epsilon1", a.epsilon1());
                out.put("epsilon2", a.epsilon2());
                out.put("batch_dim", AdafactorFactoring.EXPERTS);
            }
            case Optimizer.AdamW a -> {
                out.put("beta1", a.beta1());
                out.put("beta2", a.beta2());
                out.put("epsilon", a.epsilon());
                out.put("weight_decay", a.weightDecay());
            }
            case Optimizer.Sgd s -> { }
        }
        out.put("schedule", c.schedule().spelling());
        switch (c.schedule()) {
            case Schedule.Constant k -> out.put("lr", k.lr());
            case Schedule.Rsqrt r -> {
                out.put("base", r.base());
                out.put("warmup", r.warmup());
            }
            case Schedule.WarmupCosine w -> {
                out.put("base", w.base());
                out.put("warmup", w.warmup());
                out.put("total", w.total());
                out.put("final_fraction", w.finalFraction());
            }
        }
        out.put("clip_global_norm", c.clipGlobalNorm());
        out.put("master_weights", c.masterWeights());
        if (!c.frozen().isEmpty()) out.put("frozen", List.copyOf(new java.util.TreeSet<>(c.frozen())));
        return out;
    }

    /** {@code name:key=value,…} split once; every lookup marks its key used. */
    private static final class Spec {
        final String name, flag;
        final Map<String, String> values = new LinkedHashMap<>();

        private Spec(String name, String flag) {
            this.name = name;
            this.flag = flag;
        }

        static Spec parse(String text, String flag) {
            String t = text.trim();
            int colon = t.indexOf(':');
            Spec s = new Spec(colon < 0 ? t : t.substring(0, colon).trim(), flag);
            if (colon >= 0 && !t.substring(colon + 1).isBlank()) {
                for (String part : t.substring(colon + 1).split(",")) {
                    String[] kv = part.split("=", -1);
                    if (kv.length != 2 || kv[0].isBlank()) throw new CompileException(flag + ": expected key=value, found '" + part.trim() + "'");
                    if (s.values.put(kv[0].trim(), kv[1].trim()) != null) throw new CompileException(flag + ": '" + kv[0].trim() + "' given twice");
                }
            }
            return s;
        }

        void allow(String... keys) {
            for (String k : values.keySet()) {
                if (!List.of(keys).contains(k)) {
                    throw new CompileException(flag + ": " + name + " has no setting '" + k + "'"
                            + (keys.length == 0 ? " (it takes none)" : " (settings: " + String.join(", ", keys) + ")"));
                }
            }
        }

        double number(String key, double dflt) {
            String v = values.get(key);
            if (v == null) return dflt;
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new CompileException(flag + ": " + key + " must be a finite number, found '" + v + "'");
            }
        }

        long integer(String key, long dflt) {
            String v = values.get(key);
            if (v == null) return dflt;
            try {
                long n = Long.parseLong(v);
                if (n < 0) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw new CompileException(flag + ": " + key + " must be a whole number >= 0, found '" + v + "'");
            }
        }

        boolean bool(String key, boolean dflt) {
            String v = values.get(key);
            if (v == null) return dflt;
            if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
            throw new CompileException(flag + ": " + key + " must be true or false, found '" + v + "'");
        }
    }
}
