package dev.switchyard.cli.artifact;

import java.util.List;

/** A small but complete manifest: two inputs/outputs, three parameters, a 2x2 mesh. */
final class Manifests {
    private Manifests() {}

    static Manifest tiny() {
        var mesh = new Manifest.MeshSpec("mesh", List.of(new Manifest.MeshSpec.Axis("data", 2),
                new Manifest.MeshSpec.Axis("expert", 2)), List.of(0, 1, 2, 3));
        return new Manifest(Manifest.FORMAT_VERSION, "0.1.0-SNAPSHOT",
                new Manifest.Source("switch_tiny.sy", "0".repeat(63) + "a"),
                "main",
                List.of(new Manifest.TensorSpec("tokens", "i32", List.of("batch", "seq"), List.of(4L, 8L),
                        List.of(List.of("data"), List.of()), 3)),
                List.of(new Manifest.TensorSpec("logits", "f32", List.of("batch", "seq", "vocab"), List.of(4L, 8L, 16L),
                                List.of(List.of("data"), List.of(), List.of()), -1),
                        new Manifest.TensorSpec("aux_loss", "f32", List.of(), List.of(), List.of(), -1)),
                List.of(new Manifest.ParameterSpec("embed.table", "bf16", List.of("vocab", "d_model"), List.of(16L, 8L),
                                new Initializer.TruncatedNormal(0.05),
                                List.of(List.of(), List.of()), 256, 0),
                        new Manifest.ParameterSpec("encoder.layer_0.moe.router", "f32", List.of("d_model", "experts"), List.of(8L, 4L),
                                new Initializer.Normal(0.0, 0.1), List.of(List.of(), List.of()), 128, 1),
                        new Manifest.ParameterSpec("encoder.layer_0.moe.experts.wi", "bf16", List.of("experts", "d_model", "d_ff"),
                                List.of(4L, 8L, 16L), new Initializer.Uniform(-0.1, 0.1),
                                List.of(List.of("expert"), List.of(), List.of()), 1024, 2)),
                mesh, 4, 1, "1.0.0", Manifest.Files.standard());
    }
}
