package dev.switchyard.cli.train;

import dev.switchyard.cli.Sha256;
import dev.switchyard.dsl.graph.ModelGraph;
import java.util.regex.Pattern;

/**
 * What a run trains the student on, as {@code checkpoint.json} records it: its own loss, or
 * distillation from one teacher with given weights, α and temperature. Checkpoints hold the student only, so
 * this record is how {@code --resume} knows whether the flags it is given continue the same run.
 */
public sealed interface TrainObjective permits TrainObjective.Plain, TrainObjective.Distilled, TrainObjective.Unrecorded {

    /** The model's own loss ({@code "distillation": "none"}). */
    record Plain() implements TrainObjective {}

    /**
     * A checkpoint written before the setup was recorded: plain or distilled, nobody knows. Read
     * only, never written; resumed as before (plain, or distilled with the teacher given, unchecked).
     */
    record Unrecorded() implements TrainObjective {}

    /**
     * Distillation from a teacher.
     *
     * @param teacherFile         the teacher spec's file name (for messages; not compared)
     * @param teacherModel        the teacher model's name
     * @param teacherGraphSha256  SHA-256 of the teacher's elaborated graph without source locations:
     *                            what the teacher computes, imports included, comments and layout not
     * @param teacherSourceSha256 SHA-256 of the teacher spec's text (a difference alone is only noted)
     * @param weightsSha256       SHA-256 of the safetensors file the teacher's weights were read from
     * @param alpha               the weight of the hard labels
     * @param temperature         the soft term's temperature T (1 for a checkpoint written before it was recorded)
     */
    record Distilled(String teacherFile, String teacherModel, String teacherGraphSha256, String teacherSourceSha256,
                     String weightsSha256, double alpha, double temperature) implements TrainObjective {}

    /** A node line's trailing {@code  # file.sy:LINE:COL}, which moves when a comment is added. */
    Pattern LOCATION = Pattern.compile("  # [^\\n]*:\\d+:\\d+$", Pattern.MULTILINE);

    /** The teacher's identity as {@link Distilled#teacherGraphSha256} records it. */
    static String graphSha256(ModelGraph teacher) {
        return Sha256.hex(LOCATION.matcher(teacher.print()).replaceAll(""));
    }
}
