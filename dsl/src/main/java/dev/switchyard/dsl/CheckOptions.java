package dev.switchyard.dsl;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Options of a check / elaboration run.
 *
 * @param mesh          the mesh to elaborate for (by name); empty = the first mesh declared
 * @param meshShape     overrides of mesh axis sizes (e.g. {@code data=1, expert=1})
 * @param dimOverrides  overrides of top-level {@code dim}/{@code const} values by name, e.g. to shrink
 *                      a big model in tests
 * @param libPaths      directories outside the project root that {@code import} may read
 * @param projectRoot   imports may not leave this directory (unless under a lib path); empty = the
 *                      directory of the checked file
 * @param maxErrors     stop after this many errors
 * @param maxNodes      refuse models with more graph values than this (a runaway layer count)
 * @param maxWork       refuse models whose compile-time evaluation runs more statements and loop
 *                      iterations than this (nested loops multiply)
 */
public record CheckOptions(Optional<String> mesh, Map<String, Long> meshShape, Map<String, Double> dimOverrides,
                           List<Path> libPaths, Optional<Path> projectRoot, int maxErrors, long maxNodes, long maxWork) {

    public static final long DEFAULT_MAX_NODES = 500_000;
    /** Above what the node limit lets a model elaborate (a few statements per node), well below minutes of work. */
    public static final long DEFAULT_MAX_WORK = 5_000_000;

    public CheckOptions(Optional<String> mesh, Map<String, Long> meshShape, Map<String, Double> dimOverrides,
                        List<Path> libPaths, Optional<Path> projectRoot, int maxErrors, long maxNodes) {
        this(mesh, meshShape, dimOverrides, libPaths, projectRoot, maxErrors, maxNodes, DEFAULT_MAX_WORK);
    }

    public CheckOptions(Optional<String> mesh, Map<String, Long> meshShape, Map<String, Double> dimOverrides,
                        List<Path> libPaths, Optional<Path> projectRoot, int maxErrors) {
        this(mesh, meshShape, dimOverrides, libPaths, projectRoot, maxErrors, DEFAULT_MAX_NODES, DEFAULT_MAX_WORK);
    }

    public CheckOptions {
        meshShape = Map.copyOf(meshShape);
        dimOverrides = Map.copyOf(dimOverrides);
        libPaths = List.copyOf(libPaths);
    }

    public static CheckOptions defaults() {
        return new CheckOptions(Optional.empty(), Map.of(), Map.of(), List.of(), Optional.empty(), 20, DEFAULT_MAX_NODES, DEFAULT_MAX_WORK);
    }

    public CheckOptions withMaxNodes(long n) {
        return new CheckOptions(mesh, meshShape, dimOverrides, libPaths, projectRoot, maxErrors, n, maxWork);
    }

    public CheckOptions withMaxWork(long n) {
        return new CheckOptions(mesh, meshShape, dimOverrides, libPaths, projectRoot, maxErrors, maxNodes, n);
    }

    public CheckOptions withMaxErrors(int n) {
        return new CheckOptions(mesh, meshShape, dimOverrides, libPaths, projectRoot, n, maxNodes, maxWork);
    }

    public CheckOptions withMesh(String name) {
        return new CheckOptions(Optional.of(name), meshShape, dimOverrides, libPaths, projectRoot, maxErrors, maxNodes, maxWork);
    }

    public CheckOptions withMeshShape(Map<String, Long> shape) {
        return new CheckOptions(mesh, shape, dimOverrides, libPaths, projectRoot, maxErrors, maxNodes, maxWork);
    }

    public CheckOptions withDimOverrides(Map<String, Double> overrides) {
        return new CheckOptions(mesh, meshShape, overrides, libPaths, projectRoot, maxErrors, maxNodes, maxWork);
    }

    public CheckOptions withLibPaths(List<Path> paths) {
        return new CheckOptions(mesh, meshShape, dimOverrides, paths, projectRoot, maxErrors, maxNodes, maxWork);
    }

    public CheckOptions withProjectRoot(Path root) {
        return new CheckOptions(mesh, meshShape, dimOverrides, libPaths, Optional.of(root), maxErrors, maxNodes, maxWork);
    }
}
