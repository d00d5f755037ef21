package dev.switchyard.cli.train;

import dev.switchyard.cli.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --resume} continues the same run: the objective the flags give must be the one the
 * checkpoint records. A distilled run resumed without its teacher, with another teacher, other
 * teacher weights, another α or another temperature, and a plain run given a teacher, are refused before anything is
 * compiled or written, saying what differs and how to go on (the same flags, or a new run from the
 * checkpoint's weights with {@code --init-from}).
 */
public final class ObjectiveCheck {
    private ObjectiveCheck() {}

    /** Hash prefix in messages: enough to tell two files apart at a glance. */
    static final int SHORT = 12;

    /**
     * Checks that {@code given} (the flags' teacher setup, empty for a plain run) continues the run
     * {@code recorded} in the checkpoint directory {@code checkpoint}; a user error if not. Returns a
     * note when only the teacher's source text changed (its graph did not), or when the checkpoint
     * predates the record and a teacher is given unchecked.
     */
    public static Optional<String> onResume(TrainObjective recorded, Optional<TrainObjective.Distilled> given, Path checkpoint)
            throws UserError {
        return switch (recorded) {
            case TrainObjective.Plain p -> {
                if (given.isEmpty()) yield Optional.empty();
                throw new UserError("--teacher: " + checkpoint + " was trained without a teacher; distilling from "
                        + given.get().teacherFile() + " on --resume would change the objective mid-run. Resume without --teacher,"
                        + " --teacher-weights, --distill-alpha and --distill-temperature, or start a new distilled run from its weights: --init-from "
                        + checkpoint + " --teacher " + given.get().teacherFile() + " --teacher-weights FILE|DIR --checkpoint-dir NEW_DIR");
            }
            case TrainObjective.Distilled r -> {
                if (given.isPresent()) yield same(r, given.get(), checkpoint);
                throw new UserError("--resume: " + checkpoint + " was trained by distillation from " + describe(r)
                        + "; without --teacher the run would go on as plain training, another objective. Give --teacher "
                        + r.teacherFile() + " --teacher-weights FILE|DIR again (the teacher and weights it was trained with; α and the"
                        + " temperature are taken from the checkpoint), or, to train on without the teacher, start a new run from its weights: --init-from "
                        + checkpoint + " --checkpoint-dir NEW_DIR");
            }
            // before the record existed --resume took the flags as given; it still does, once
            case TrainObjective.Unrecorded u -> given.map(g -> checkpoint.getFileName() + " was written before checkpoints recorded"
                    + " their teacher, so this resume cannot check it is the same one: continuing with " + describe(g)
                    + " as given; the next checkpoint records it");
        };
    }

    private static Optional<String> same(TrainObjective.Distilled r, TrainObjective.Distilled g, Path checkpoint) throws UserError {
        List<String> differ = new ArrayList<>();
        if (!r.teacherGraphSha256().equals(g.teacherGraphSha256())) {
            differ.add("teacher: recorded " + r.teacherFile() + " (model " + r.teacherModel() + ", graph " + brief(r.teacherGraphSha256())
                    + "), given " + g.teacherFile() + " (model " + g.teacherModel() + ", graph " + brief(g.teacherGraphSha256()) + ")");
        }
        if (!r.weightsSha256().equals(g.weightsSha256())) {
            differ.add("teacher weights: recorded sha256 " + brief(r.weightsSha256()) + ", given " + brief(g.weightsSha256()));
        }
        if (Double.compare(r.alpha(), g.alpha()) != 0) differ.add("--distill-alpha: recorded " + r.alpha() + ", given " + g.alpha());
        if (Double.compare(r.temperature(), g.temperature()) != 0) {
            differ.add("--distill-temperature: recorded " + r.temperature() + ", given " + g.temperature());
        }
        if (!differ.isEmpty()) {
            throw new UserError("--resume: " + checkpoint + " was distilled with another setup than the one given (" + String.join("; ", differ)
                    + "); resuming would change the objective mid-run. Give the teacher, its weights, α and temperature it was trained with, or start a"
                    + " new run from its weights: --init-from " + checkpoint + " (with --teacher … for a new distilled run) --checkpoint-dir NEW_DIR");
        }
        if (!r.teacherSourceSha256().equals(g.teacherSourceSha256())) {
            return Optional.of(g.teacherFile() + " changed since " + checkpoint.getFileName() + " was written; the teacher's graph is the same");
        }
        return Optional.empty();
    }

    static String describe(TrainObjective.Distilled d) {
        return "teacher " + d.teacherFile() + " (model " + d.teacherModel() + ", graph " + brief(d.teacherGraphSha256()) + "), weights sha256 "
                + brief(d.weightsSha256()) + ", α = " + d.alpha() + ", T = " + d.temperature();
    }

    static String brief(String sha256) { return sha256.substring(0, Math.min(SHORT, sha256.length())); }
}
