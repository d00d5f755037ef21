package dev.switchyard.hlo.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Syntax errors name what was expected and what was found, at the line and column of the
 * offending token. Expected columns are computed by searching the input text for that token.
 */
class ParserErrorTest {

    /** Parses {@code text}, expecting an error at the first occurrence of {@code token} on line {@code line}. */
    private static HloParseException errorAt(String text, int line, String token, String messagePart) {
        HloParseException e = assertThrows(HloParseException.class, () -> HloParser.parse(text, "t.mlir"));
        String src = text.split("\n", -1)[line - 1];
        int col = src.indexOf(token) + 1;
        assertTrue(col > 0, "test bug: token not on line");
        assertEquals(line + ":" + col, e.line() + ":" + e.column(), e.getMessage());
        assertTrue(e.reason().contains(messagePart), "message '" + e.reason() + "' lacks '" + messagePart + "'");
        assertTrue(e.getMessage().startsWith("t.mlir:" + line + ":" + col + ": error: "), e.getMessage());
        return e;
    }

    private static final String HEAD = "func.func @f(%a: tensor<2xf32>, %i: tensor<i32>) {\n";

    @Test
    void undeclaredValue() {
        errorAt(HEAD + "  %0 = stablehlo.add %a, %b : tensor<2xf32>\n  func.return\n}\n", 2, "%b", "use of undeclared SSA value '%b'");
    }

    @Test
    void missingCommaBetweenOperands() {
        errorAt(HEAD + "  %0 = stablehlo.add %a %a : tensor<2xf32>\n}\n", 2, "%a : ", "expected ':', found '%a'");
    }

    @Test
    void unclosedRegionAtEndOfInput() {
        errorAt(HEAD + "  func.return\n", 3, "", "expected '}' to close region, found end of input");
    }

    @Test
    void unknownElementType() {
        errorAt(HEAD + "  %0 = stablehlo.constant dense<1> : tensor<2xq32>\n}\n", 2, "q32", "expected type, found 'q32'");
    }

    @Test
    void unrankedTensorTakesNoDimensions() {
        // Found by fuzzing: the dimensions after "*x" used to reach the type's constructor.
        errorAt(HEAD + "  %0 = stablehlo.add %a, %a : tensor<*x2xf32>\n}\n", 2, "2xf32>", "expected type, found '2xf32'");
    }

    @Test
    void denseLiteralOfTheWrongShape() {
        errorAt(HEAD + "  %0 = stablehlo.constant dense<[1, 2, 3]> : tensor<2xi32>\n}\n", 2, "dense", "does not match type tensor<2xi32>");
    }

    @Test
    void integerOutOfRangeForItsType() {
        errorAt(HEAD + "  %0 = stablehlo.constant dense<[3, 16]> : tensor<2xui4>\n}\n", 2, "16", "out of range for ui4");
    }

    @Test
    void hexFloatWiderThanItsType() {
        errorAt(HEAD + "  %0 = stablehlo.constant dense<0x7FC000000> : tensor<f32>\n}\n", 2, "0x7F", "does not fit in f32");
    }

    @Test
    void genericOperandTypeDisagreesWithTheValue() {
        errorAt(HEAD + "  %0 = \"stablehlo.add\"(%i, %i) : (tensor<f32>, tensor<f32>) -> tensor<f32>\n}\n", 2, "%i",
                "use of value expects different type than prior uses: 'tensor<f32>' vs 'tensor<i32>'");
    }

    @Test
    void unknownOpInCustomForm() {
        errorAt(HEAD + "  %0 = stablehlo.frobnicate %a : tensor<2xf32>\n}\n", 2, "stablehlo.frobnicate",
                "unknown operation 'stablehlo.frobnicate' in custom form");
    }

    @Test
    void tooManyResultNames() {
        errorAt(HEAD + "  %0, %1 = stablehlo.add %a, %a : tensor<2xf32>\n}\n", 2, "%0", "defines 1 results but 2 names were given");
    }

    @Test
    void redefinedValue() {
        errorAt(HEAD + "  %0 = stablehlo.add %a, %a : tensor<2xf32>\n  %0 = stablehlo.add %a, %a : tensor<2xf32>\n}\n", 3, "%0",
                "redefinition of SSA value '%0'");
    }

    @Test
    void unterminatedString() {
        errorAt("\"stablehlo.add() : () -> ()\n", 1, "\"", "unterminated string");
    }

    @Test
    void compareNeedsADirection() {
        errorAt(HEAD + "  %0 = stablehlo.compare %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>\n}\n", 2, "%a",
                "expected comparison direction value, found '%a'");
    }

    @Test
    void undefinedAttributeAlias() {
        errorAt("\"x.y\"() {a = #foo} : () -> ()\n", 1, "#foo", "undefined attribute alias '#foo'");
    }

    @Test
    void nestingTenThousandDeepIsALocatedError() {
        String text = "\"x.y\"() {a = " + "[".repeat(10_000) + "]".repeat(10_000) + "} : () -> ()\n";
        HloParseException e = assertThrows(HloParseException.class, () -> HloParser.parse(text, "t.mlir"));
        assertEquals(1, e.line());
        // The limit trips at the first bracket past the limit: column = 13 ("\"x.y\"() {a = ") + 200 + 1.
        assertEquals(13 + Cursor.MAX_DEPTH + 1, e.column());
        assertTrue(e.reason().contains("nesting deeper than"), e.reason());
    }

    @Test
    void regionsTenThousandDeepAreALocatedError() {
        String text = "\"x.y\"() ({\n".repeat(10_000) + "}) : () -> ()\n".repeat(10_000);
        HloParseException e = assertThrows(HloParseException.class, () -> HloParser.parse(text, "t.mlir"));
        assertTrue(e.reason().contains("nesting deeper than"), e.reason());
        assertTrue(e.line() > 1 && e.line() <= Cursor.MAX_DEPTH + 1, "line " + e.line());
    }

    @Test
    void splitFileErrorsCarryTheLineOfTheWholeFile() throws Exception {
        String file = "func.func @ok() {\n  func.return\n}\n// -----\nfunc.func @bad() {\n  %0 = stablehlo.add %x, %x : tensor<f32>\n}\n";
        var pieces = HloParser.split(file);
        assertEquals(2, pieces.size());
        HloParser.parse(pieces.get(0).text(), "s.mlir", pieces.get(0).firstLine());
        HloParseException e = assertThrows(HloParseException.class,
                () -> HloParser.parse(pieces.get(1).text(), "s.mlir", pieces.get(1).firstLine()));
        assertEquals(6, e.line());
        assertEquals("  %0 = stablehlo.add ".length() + 1, e.column());
    }
}
