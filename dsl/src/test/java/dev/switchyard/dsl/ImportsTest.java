package dev.switchyard.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportsTest {

    private static final String LIB = "block twice[d](x: [..., d]) {\n  return x * 2.0\n}\n";

    private static String main(String importPath) {
        return "import \"" + importPath + "\"\ndim n = 3\nblock forward(x: f32[n]) {\n  return twice(x)\n}\n";
    }

    @Test
    void importsResolveRelativeToTheImportingFile(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("project/lib"));
        Files.writeString(dir.resolve("project/lib/a.sy"), "import \"b.sy\"\n");
        Files.writeString(dir.resolve("project/lib/b.sy"), LIB);
        Path model = dir.resolve("project/model.sy");
        Files.writeString(model, main("lib/a.sy"));
        CheckResult r = Frontend.check(model, CheckOptions.defaults());
        assertTrue(r.ok(), r::render);
    }

    @Test
    void importsMayNotLeaveTheProjectUnlessALibPathAllowsIt(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(dir.resolve("shared"));
        Files.writeString(dir.resolve("shared/lib.sy"), LIB);
        Path model = dir.resolve("project/model.sy");
        Files.writeString(model, main("../shared/lib.sy"));
        CheckResult refused = Frontend.check(model, CheckOptions.defaults());
        Diagnostic d = refused.diagnostics().get(0);
        assertEquals("E005", d.code());
        assertEquals(1, d.span().line());
        assertEquals(1, d.span().column());
        assertTrue(d.message().contains("leaves the project root"), d.message());
        CheckResult allowed = Frontend.check(model, CheckOptions.defaults().withLibPaths(List.of(dir.resolve("shared"))));
        assertTrue(allowed.ok(), allowed::render);
    }

    @Test
    void aMissingImportOrFileIsADiagnostic(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model.sy");
        Files.writeString(model, main("nope.sy"));
        CheckResult r = Frontend.check(model, CheckOptions.defaults());
        assertEquals("E006", r.diagnostics().get(0).code());
        assertTrue(r.diagnostics().get(0).message().contains("cannot read import \"nope.sy\""));
        CheckResult missing = Frontend.check(dir.resolve("absent.sy"), CheckOptions.defaults());
        assertEquals("E003", missing.diagnostics().get(0).code());
        assertTrue(missing.render().contains("absent.sy: error: cannot read"), missing.render());
    }

    @Test
    void errorsInsideAnImportedFileNameThatFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("lib.sy"), "block twice[d](x: [..., d]) {\n  return x * zz\n}\n");
        Path model = dir.resolve("model.sy");
        Files.writeString(model, main("lib.sy"));
        CheckResult r = Frontend.check(model, CheckOptions.defaults());
        assertTrue(r.render().startsWith("lib.sy:2:14: error: undefined name 'zz'"), r.render());
    }
}
