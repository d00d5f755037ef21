package dev.switchyard.runtime.pjrt;

/** A PJRT C API version: MAJOR rises on removals, MINOR on additions. */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

    /** The header this binding's structs are written from (openxla/xla pjrt_c_api.h). */
    public static final ApiVersion BINDING = new ApiVersion(0, 104);

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() { return major + "." + minor; }
}
