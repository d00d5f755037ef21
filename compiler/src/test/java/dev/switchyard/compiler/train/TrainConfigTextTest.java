package dev.switchyard.compiler.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchyard.compiler.CompileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The flags' text form: a hyper-parameter outside the range its formula allows is refused by name. */
class TrainConfigTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "adamw:beta1=2 | --optimizer: adamw beta1 must be in [0, 1), got 2",
        "adamw:beta1=1 | --optimizer: adamw beta1 must be in [0, 1), got 1",
        "adamw:beta2=-0.5 | --optimizer: adamw beta2 must be in [0, 1), got -0.5",
        "adamw:epsilon=0 | --optimizer: adamw epsilon must be > 0, got 0",
        "adamw:weight_decay=-1e-4 | --optimizer: adamw weight_decay must be >= 0, got -1.0E-4",
        "adafactor:decay_rate=0 | --optimizer: adafactor decay_rate must be > 0 (beta2 hat = 1 - t^-decay_rate), got 0",
        "adafactor:clipping_threshold=-1 | --optimizer: adafactor clipping_threshold must be >= 0 (0: no update clipping), got -1",
        "adafactor:epsilon1=0 | --optimizer: adafactor epsilon1 must be > 0 (it keeps the second moment from 0), got 0",
        "adafactor:epsilon2=-1 | --optimizer: adafactor epsilon2 must be >= 0, got -1",
    })
    void optimizerOutOfRange(String text, String message) {
        CompileException e = assertThrows(CompileException.class, () -> TrainConfigText.optimizer(text, "--optimizer"));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rsqrt:warmup=-1 | --lr-schedule: warmup must be a whole number >= 0, found '-1'",
        "rsqrt:warmup=0 | --lr-schedule: rsqrt warmup must be at least 1 step, got 0",
        "rsqrt:base=-1 | --lr-schedule: base must be >= 0, got -1.0",
        "constant:lr=-0.1 | --lr-schedule: lr must be >= 0, got -0.1",
        "cosine:final_fraction=2 | --lr-schedule: final_fraction must be in [0, 1], got 2.0",
        "cosine:warmup=10,total=10 | --lr-schedule: cosine schedule needs 0 <= warmup < total steps, got warmup 10, total 10",
        "rsqrt:warmup=1.5 | --lr-schedule: warmup must be a whole number >= 0, found '1.5'",
        "rsqrt:warmup | --lr-schedule: expected key=value, found 'warmup'",
        "rsqrt:base=1,base=2 | --lr-schedule: 'base' given twice",
        "linear | --lr-schedule: unknown schedule 'linear' (one of constant, rsqrt, cosine)",
    })
    void scheduleOutOfRange(String text, String message) {
        CompileException e = assertThrows(CompileException.class, () -> TrainConfigText.schedule(text, "--lr-schedule"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void edgesOfTheRangesAreAccepted() {
        assertEquals(new Optimizer.AdamW(0, 0, 1e-8, 0), TrainConfigText.optimizer("adamw:beta1=0,beta2=0,weight_decay=0", "--optimizer"));
        assertEquals(0.0, ((Optimizer.Adafactor) TrainConfigText.optimizer("adafactor:clipping_threshold=0", "--optimizer")).clippingThreshold());
        assertEquals(new Schedule.Constant(0), TrainConfigText.schedule("constant:lr=0", "--lr-schedule"));
        assertEquals(new Schedule.WarmupCosine(1e-3, 0, 10, 1), TrainConfigText.schedule("cosine:warmup=0,total=10,final_fraction=1", "--lr-schedule"));
    }
}
