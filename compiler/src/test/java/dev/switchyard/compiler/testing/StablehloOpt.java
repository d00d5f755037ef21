package dev.switchyard.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchyard.compiler.ShardingForm;
import dev.switchyard.hlo.ir.GenericPrinter;
import dev.switchyard.hlo.ir.ModuleOp;
import dev.switchyard.hlo.ir.PrettyPrinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the official StableHLO verifier, {@code stablehlo-opt} from {@code ../shared/tools/stablehlo/}
 * (the StableHLO project's own parser and op verifiers), on a module we emit.
 *
 * <p>Where the binary is missing a test fails under CI ({@code CI=true}, where the shared tools sit
 * beside the checkout) and is skipped with the reason elsewhere.
 */
public final class StablehloOpt {
    private StablehloOpt() {}

    /** {@code -Dswitchyard.stablehloOpt=…} overrides {@code ${switchyard.shared}/tools/stablehlo/stablehlo-opt}. */
    public static Path binary() {
        String explicit = System.getProperty("switchyard.stablehloOpt");
        String shared = System.getProperty("switchyard.shared", "../shared");
        Path p = explicit != null && !explicit.isBlank() ? Path.of(explicit) : Path.of(shared, "tools", "stablehlo", "stablehlo-opt");
        if (!Files.isExecutable(p)) {
            String why = "stablehlo-opt not found at " + p.toAbsolutePath().normalize()
                    + ": the shared tools folder belongs beside the checkout (../shared/tools/stablehlo), or pass -Dswitchyard.stablehloOpt=PATH";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why);
            Assumptions.abort(why);
        }
        return p;
    }

    /**
     * Verifies a module in the form that suits its shardings. GSPMD modules hold only StableHLO and
     * func ops (shardings are {@code mhlo.sharding} attributes and {@code @Sharding} custom calls),
     * so their pretty form must parse with no unregistered dialect allowed. stablehlo-opt does not
     * register Shardy, so a Shardy module goes in generic form with {@code sdy.*} allowed as
     * unregistered: every {@code stablehlo.*} op is still parsed and verified in full.
     */
    public static void check(ModuleOp module, ShardingForm form) {
        switch (form) {
            case GSPMD -> {
                String text = PrettyPrinter.print(module);
                assertFalse(text.contains("sdy."), "a GSPMD module holds no Shardy op or attribute");
                run(text);
            }
            case SHARDY -> run(GenericPrinter.print(module), "--allow-unregistered-dialect");
        }
    }

    /** Asserts that stablehlo-opt parses and verifies {@code text} (exit 0, no diagnostic). */
    public static void run(String text, String... flags) {
        try {
            Path in = Files.createTempFile("switchyard", ".mlir");
            try {
                Files.writeString(in, text);
                List<String> cmd = new ArrayList<>(List.of(binary().toString()));
                cmd.addAll(List.of(flags));
                cmd.add(in.toString());
                cmd.add("-o");
                cmd.add("/dev/null");
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("stablehlo-opt timed out");
                }
                assertEquals(0, p.exitValue(), () -> "stablehlo-opt rejected the module:\n" + head(out));
                assertFalse(out.contains("error:"), () -> "stablehlo-opt reported:\n" + head(out));
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String head(String s) { return s.length() <= 4000 ? s : s.substring(0, 4000) + "\n…"; }
}
