package dev.switchyard.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FormatterTest {

    private static String fmt(String text) {
        Diagnostics d = new Diagnostics(5);
        return Formatter.format("f.sy", text, d).orElseThrow(() -> new AssertionError(d.all().toString()));
    }

    @Test
    void normalisesSpacingAndIndentationKeepingComments() {
        String messy = """
                // header comment
                dim   a=2    // trailing
                block f[d]( x:[...,d] ,k:int=3 ){
                let y=x*-1.0+k   /* inline */
                    for i in 0 .. k {
                  y=y+x
                }
                return y
                }


                block forward(x: f32[a]) {
                return f(x,
                k = 2)
                }
                """;
        String expected = """
                // header comment
                dim a = 2    // trailing
                block f[d](x: [..., d], k: int = 3) {
                  let y = x * -1.0 + k /* inline */
                  for i in 0..k {
                    y = y + x
                  }
                  return y
                }

                block forward(x: f32[a]) {
                  return f(x,
                           k = 2)
                }
                """;
        String out = fmt(messy);
        assertEquals(expected, out);
        assertEquals(out, fmt(out));
        CheckResult before = Frontend.checkText("f.sy", messy, CheckOptions.defaults());
        CheckResult after = Frontend.checkText("f.sy", out, CheckOptions.defaults());
        assertTrue(before.ok(), before::render);
        assertEquals(before.types(), after.types());
    }

    @Test
    void everyCommentSurvivesInOrder() {
        String text = SamplesTest.sample("switch_tiny").replace("\n", "\n  /* c */ ");
        String out = fmt(text);
        assertEquals(comments(text), comments(out));
    }

    @Test
    void refusesFilesWithSyntaxErrors() {
        Diagnostics d = new Diagnostics(5);
        assertTrue(Formatter.format("f.sy", "block (", d).isEmpty());
        assertTrue(d.hasErrors());
    }

    private static List<String> comments(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL).matcher(text);
        while (m.find()) out.add(m.group().strip());
        return out;
    }
}
