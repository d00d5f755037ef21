package dev.switchyard.cli;

import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.artifact.ManifestJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Hand-written artifact directories: a manifest with a given mesh and a trivial module. */
final class TestArtifacts {
    private TestArtifacts() {}

    /** Axes as name, size, name, size, … */
    static Path withMesh(Path dir, Object... axes) throws IOException {
        List<Manifest.MeshSpec.Axis> list = new ArrayList<>();
        int devices = 1;
        for (int i = 0; i < axes.length; i += 2) {
            list.add(new Manifest.MeshSpec.Axis((String) axes[i], (Integer) axes[i + 1]));
            devices *= (Integer) axes[i + 1];
        }
        var mesh = new Manifest.MeshSpec("mesh", list, IntStream.range(0, devices).boxed().toList());
        var x = new Manifest.TensorSpec("x", "f32", List.of("batch"), List.of(8L), List.of(List.of()), 0);
        var y = new Manifest.TensorSpec("y", "f32", List.of("batch"), List.of(8L), List.of(List.of()), -1);
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "test", new Manifest.Source("t.sy", "0".repeat(64)), "main", List.of(x), List.of(y),
                List.of(), mesh, devices, 1, "1.0.0", Manifest.Files.standard());
        Files.createDirectories(dir);
        ManifestJson.write(m, dir.resolve("manifest.json"));
        Files.writeString(dir.resolve("model.mlir"), "func.func @main(%x: tensor<8xf32>) -> tensor<8xf32> {\n  return %x : tensor<8xf32>\n}\n");
        return dir;
    }
}
