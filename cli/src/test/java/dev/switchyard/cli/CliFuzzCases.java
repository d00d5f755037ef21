package dev.switchyard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The four fuzzed entry points of issue 13, shared by the pinned CI properties and the unpinned campaign. */
final class CliFuzzCases {
    private CliFuzzCases() {}

    private static final byte[] SAMPLE = CliFuzz.sample();

    static void check(List<CliFuzz.Edit> edits) throws IOException {
        Path dir = CliFuzz.scratch();
        try {
            Path sy = Files.write(dir.resolve("mutant.sy"), CliFuzz.mutate(SAMPLE, edits, CliFuzz.SY_INSERTS_VIEW));
            CliFuzz.runCase("check", sy, true, "check", sy.toString());
        } finally {
            CliFuzz.delete(dir);
        }
    }

    static void fmt(List<CliFuzz.Edit> edits) throws IOException {
        Path dir = CliFuzz.scratch();
        try {
            Path sy = Files.write(dir.resolve("mutant.sy"), CliFuzz.mutate(SAMPLE, edits, CliFuzz.SY_INSERTS_VIEW));
            CliFuzz.runCase("fmt", sy, true, "fmt", sy.toString());
        } finally {
            CliFuzz.delete(dir);
        }
    }

    static void interpret(int module, List<CliFuzz.Edit> edits) throws IOException {
        Path dir = CliFuzz.scratch();
        try {
            byte[] base = CliFuzz.MODULES.get(module % CliFuzz.MODULES.size()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Path mlir = Files.write(dir.resolve("mutant.mlir"), CliFuzz.mutate(base, edits, CliFuzz.MLIR_INSERTS_VIEW));
            CliFuzz.runCase("interpret", mlir, true, "interpret", "--max-steps", "100000", "--split-input-file", mlir.toString());
        } finally {
            CliFuzz.delete(dir);
        }
    }

    /** {@code run}'s readers: a hostile x.npy or a hostile weights file (the other one valid). */
    static void runReaders(boolean weights, List<CliFuzz.Edit> edits) throws IOException {
        Path dir = CliFuzz.scratch();
        try {
            Path art = CliFuzz.runArtifact(dir);
            Path inputs = Files.createDirectories(dir.resolve("in"));
            byte[] npy = CliFuzz.validNpy(dir);
            byte[] st = CliFuzz.validSafetensors(dir);
            Path x = inputs.resolve("x.npy");
            Path w = dir.resolve("w.safetensors");
            Files.write(x, weights ? npy : CliFuzz.mutateHeader(npy, edits));
            Files.write(w, weights ? CliFuzz.mutateHeader(st, edits) : st);
            CliFuzz.runCase(weights ? "run --weights" : "run --inputs", weights ? w : x, false,
                    "run", art.toString(), "--inputs", inputs.toString(), "--weights", w.toString());
        } finally {
            CliFuzz.delete(dir);
        }
    }
}
