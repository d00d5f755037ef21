package dev.switchyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: sizes past 64 bits used to print "(-17179869180 values)" with exit 0, write a negative
 * byte_size into the manifest, and make inspect die with "ArithmeticException: long overflow".
 */
class SizeLimitsTest {

    @TempDir Path dir;

    private static CliRun cli(String... args) {
        return CliRun.run(Commands.all(), args);
    }

    private static void assertLocated(CliRun r, String location, String message) {
        assertEquals(Main.USER_ERROR, r.exitCode(), r::toString);
        String all = r.out() + r.err();
        assertTrue(all.contains(location), () -> "expected " + location + " in\n" + r);
        assertTrue(all.contains(message), () -> "expected '" + message + "' in\n" + r);
        assertFalse(all.contains("\tat ") || all.contains("Exception"), r::toString);
    }

    @Test
    void aTensorPastTwoToThe63BytesIsRefusedWhereItIsDeclared() throws Exception {
        Path sy = Files.writeString(dir.resolve("big.sy"), """
                model big
                dim a = 2147483647
                dim b = 2147483647
                dim c = 2147483647
                dim n = 4
                block forward(x: f32[n]) {
                  param w: [a, b, c] = normal(1.0)
                  return (y = x + 0.0 * sum(sum(sum(w, a), b), c))
                }
                """);
        String at = sy + ":7:3";
        assertLocated(cli("check", sy.toString()), at, "holds more than 2^63 - 1 bytes");
        assertLocated(cli("inspect", sy.toString()), at, "holds more than 2^63 - 1 bytes");
        assertLocated(cli("compile", sy.toString(), "-o", dir.resolve("art").toString()), at, "holds more than 2^63 - 1 bytes");
        assertFalse(Files.exists(dir.resolve("art")), "no manifest with a negative byte_size");
    }

    /** Each tensor fits; the FLOPs of multiplying them (2·2^90) do not. */
    @Test
    void costPastTwoToThe63IsALocatedErrorOfInspect() throws Exception {
        Path sy = Files.writeString(dir.resolve("flops.sy"), """
                model flops
                dim a = 1073741824
                dim b = 1073741824
                dim c = 1073741824
                precision bf16
                block forward(x: bf16[a, b]) {
                  param w: [b, c] = normal(1.0)
                  return (y = x @ w)
                }
                """);
        assertEquals(0, cli("check", sy.toString()).exitCode(), "the tensors themselves are fine");
        assertLocated(cli("inspect", sy.toString()), sy + ":8:15", "the model's FLOPs pass 2^63 - 1 at this operation");
    }

    /** Token ids past the vocabulary used to pass silently (the gather clamps them to the last row). */
    @Test
    void tokenIdsOutsideTheTablesRangeAreRefusedBeforeTheRun() throws Exception {
        Path sy = Files.writeString(dir.resolve("emb.sy"), """
                model emb
                dim vocab = 16
                dim d = 4
                dim seq = 3
                block forward(ids: i32[seq]) {
                  param table: [vocab, d] = normal(1.0)
                  return (y = take(table, ids, vocab))
                }
                """);
        Path in = Files.createDirectories(dir.resolve("in"));
        Path ids = in.resolve("ids.npy");
        dev.switchyard.hlo.tensor.Npy.write(ids, dev.switchyard.hlo.tensor.HostTensor.ofLongs(dev.switchyard.hlo.tensor.ElementType.I32,
                new long[] {3}, 1, 16, 2));
        CliRun r = cli("run", sy.toString(), "--inputs", in.toString());
        assertEquals(Main.USER_ERROR, r.exitCode(), r::toString);
        assertTrue(r.err().contains(ids + ": input 'ids' holds 16 at [1]; the model takes rows of a table by it, so it must be in [0, 16) (vocab=16)"),
                r::toString);
        assertFalse(r.out().contains("on interp"), "refused before the run");
        dev.switchyard.hlo.tensor.Npy.write(ids, dev.switchyard.hlo.tensor.HostTensor.ofLongs(dev.switchyard.hlo.tensor.ElementType.I32,
                new long[] {3}, 0, -1, 15));
        assertTrue(cli("run", sy.toString(), "--inputs", in.toString()).err().contains("holds -1 at [1]"));
        dev.switchyard.hlo.tensor.Npy.write(ids, dev.switchyard.hlo.tensor.HostTensor.ofLongs(dev.switchyard.hlo.tensor.ElementType.I32,
                new long[] {3}, 0, 15, 7));
        CliRun ok = cli("run", sy.toString(), "--inputs", in.toString());
        assertEquals(Main.OK, ok.exitCode(), ok::toString);
    }

    /**
     * train MODEL.sy and bench --entry train initialised a 4 GB parameter without looking at its
     * size and died as "internal error: out of memory" (exit 2); run and bench refused the same
     * model up front. Now both refuse it before allocating, naming the spec and the tensor.
     */
    @Test
    void aTrainStateTooLargeForTheHostIsRefusedBeforeAllocating() throws Exception {
        Path sy = Files.writeString(dir.resolve("big.sy"), """
                model big
                dim batch = 4
                dim d = 3
                dim h = 1000000000
                block forward(x: f32[batch, d], y: f32[batch], training: bool[], key: u32[rng_key]) {
                  param w: f32[d] = normal(1.0)
                  param big: f32[h] = normal(1.0)
                  let err = x @ w - y + 0.0 * sum(big, h)
                  return (loss = mean(err * err))
                }
                """);
        Path data = Files.createDirectories(dir.resolve("data"));
        dev.switchyard.hlo.tensor.Npy.write(data.resolve("x.npy"), dev.switchyard.hlo.tensor.HostTensor.ofFloats(
                dev.switchyard.hlo.tensor.ElementType.F32, new long[] {8, 3}, new float[24]));
        dev.switchyard.hlo.tensor.Npy.write(data.resolve("y.npy"), dev.switchyard.hlo.tensor.HostTensor.ofFloats(
                dev.switchyard.hlo.tensor.ElementType.F32, new long[] {8}, new float[8]));
        // surefire's 256 MB heap is checked before the 2^31 bytes of one host array
        String message = sy + ": the train state need 7.5 GiB but this JVM may use at most"; // w, big and Adafactor's slots
        for (CliRun r : java.util.List.of(
                cli("train", sy.toString(), "--data", data.toString(), "--steps", "1", "--checkpoint-dir", dir.resolve("c").toString()),
                cli("bench", sy.toString(), "--entry", "train", "--steps", "1", "--warmup", "0"))) {
            assertEquals(Main.USER_ERROR, r.exitCode(), r::toString);
            assertTrue(r.err().contains(message), r::toString);
            assertFalse(r.err().contains("\tat ") || r.err().contains("internal error"), r::toString);
        }
        assertFalse(Files.exists(dir.resolve("c")));
    }
}
