package dev.switchyard.cli.tpu;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything {@code switchyard submit} decides before it writes anything: the slice, the names,
 * where the job runs and what each host runs. A missing zone or project means gcloud's configured default.
 */
public record SubmitPlan(TpuSlice slice, String name, Optional<String> zone, Optional<String> project,
                         String image, String meshDescription, SubmitEntry entry) {

    /** Compute Engine resource names: lowercase letter first, then letters, digits, hyphens; at most 63. */
    public static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

    /** The file every TPU VM receives: the artifact and the switchyard jar, zipped. */
    public static final String PACKAGE = "switchyard-job.zip";
    public static final String STARTUP_SCRIPT = "startup.sh";
    public static final String COMMANDS = "commands.sh";
    public static final String JOB_YAML = "job.yaml";
    /** Multi-host slices only: the same job as a JobSet (jobset.x-k8s.io), with the etcd it coordinates through. */
    public static final String JOBSET_YAML = "jobset.yaml";
    public static final String DOCKERFILE = "Dockerfile";
    /** Describes the slice; also marks the directory as ours, so a re-submit may replace it. */
    public static final String DESCRIPTION = "submit.json";

    /** Turns an artifact's directory name into a valid default job name. */
    public static String defaultName(String artifactName) {
        String s = ("switchyard-" + artifactName).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("-+", "-");
        if (s.length() > 63) s = s.substring(0, 63);
        return s.replaceAll("-+$", "");
    }
}
