package dev.switchyard.runtime.pjrt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one tensor is laid out over the devices (partitions) of an SPMD program: the number of
 * tiles along each dimension and which tile each device holds. Devices holding the same tile are
 * replicas of it. Built from either sharding syntax XLA accepts: GSPMD ({@code mhlo.sharding}
 * strings) or Shardy ({@code #sdy.sharding} over an {@code sdy.mesh}).
 *
 * @param tilesPerDim  {@code tilesPerDim[i]} tiles along dimension {@code i}
 * @param tileOfDevice {@code tileOfDevice[d][i]}: the tile index along dimension {@code i} held by device {@code d}
 */
public record TensorSharding(int[] tilesPerDim, int[][] tileOfDevice) {

    public TensorSharding {
        tilesPerDim = tilesPerDim.clone();
        tileOfDevice = Arrays.stream(tileOfDevice).map(int[]::clone).toArray(int[][]::new);
        for (int[] tile : tileOfDevice) {
            if (tile.length != tilesPerDim.length) throw new IllegalArgumentException("tile rank differs from tensor rank");
            for (int i = 0; i < tile.length; i++) {
                if (tile[i] < 0 || tile[i] >= tilesPerDim[i]) throw new IllegalArgumentException("tile index out of range");
            }
        }
    }

    public int rank() { return tilesPerDim.length; }

    public int numDevices() { return tileOfDevice.length; }

    @Override
    public int[] tilesPerDim() { return tilesPerDim.clone(); }

    public int[] tileOf(int device) { return tileOfDevice[device].clone(); }

    public boolean isReplicated() { return Arrays.stream(tilesPerDim).allMatch(t -> t == 1); }

    /** Every device holds the whole tensor. */
    public static TensorSharding replicated(int rank, int numDevices) {
        int[] tiles = new int[rank];
        Arrays.fill(tiles, 1);
        return new TensorSharding(tiles, new int[numDevices][rank]);
    }

    private static final Pattern GSPMD_TILED = Pattern.compile(
            "\\{devices=\\[([0-9,]+)\\]\\s*([^}]*?)\\s*(last_tile_dim_replicate)?\\s*}");

    /**
     * Parses a GSPMD sharding such as {@code {devices=[2,1]0,1}}, {@code {devices=[2,2]<=[4]}},
     * {@code {devices=[2,1,2]<=[2,2]T(1,0) last_tile_dim_replicate}} or {@code {replicated}}.
     */
    public static TensorSharding fromGspmd(String text, int rank, int numDevices) {
        String s = text.trim();
        if (s.equals("{replicated}") || s.equals("{manual}")) return replicated(rank, numDevices);
        Matcher m = GSPMD_TILED.matcher(s);
        if (!m.matches()) throw new IllegalArgumentException("unsupported GSPMD sharding '" + text + "'");
        int[] tileDims = Arrays.stream(m.group(1).split(",")).mapToInt(Integer::parseInt).toArray();
        boolean lastReplicated = m.group(3) != null;
        int tiledRank = lastReplicated ? tileDims.length - 1 : tileDims.length;
        if (tiledRank != rank) {
            throw new IllegalArgumentException("GSPMD sharding '" + text + "' tiles " + tiledRank
                    + " dimensions of a rank-" + rank + " tensor");
        }
        int[] order = deviceOrder(m.group(2).trim(), text);
        int total = Arrays.stream(tileDims).reduce(1, Math::multiplyExact);
        if (order.length != total || total != numDevices) {
            throw new IllegalArgumentException("GSPMD sharding '" + text + "' lists " + order.length + " devices for "
                    + total + " tiles; the program has " + numDevices + " partitions");
        }
        int[][] tileOfDevice = new int[numDevices][];
        for (int position = 0; position < total; position++) {
            int[] coords = unravel(position, tileDims);
            int device = order[position];
            if (device < 0 || device >= numDevices || tileOfDevice[device] != null) {
                throw new IllegalArgumentException("GSPMD sharding '" + text + "' has a bad or repeated device " + device);
            }
            tileOfDevice[device] = Arrays.copyOf(coords, rank);
        }
        return new TensorSharding(Arrays.copyOf(tileDims, rank), tileOfDevice);
    }

    /** The device list of a tiled GSPMD sharding: explicit ids, or an iota {@code <=[dims]} with an optional transpose. */
    private static int[] deviceOrder(String list, String text) {
        if (!list.startsWith("<=")) {
            return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        }
        Matcher m = Pattern.compile("<=\\[([0-9,]+)\\](?:T\\(([0-9,]+)\\))?").matcher(list);
        if (!m.matches()) throw new IllegalArgumentException("unsupported iota device list in '" + text + "'");
        int[] dims = Arrays.stream(m.group(1).split(",")).mapToInt(Integer::parseInt).toArray();
        int[] perm = m.group(2) == null ? identity(dims.length)
                : Arrays.stream(m.group(2).split(",")).mapToInt(Integer::parseInt).toArray();
        int[] permuted = new int[dims.length];
        for (int i = 0; i < dims.length; i++) permuted[i] = dims[perm[i]];
        int total = Arrays.stream(dims).reduce(1, Math::multiplyExact);
        int[] order = new int[total];
        // Element at position p of the transposed array is iota[source index], with source coords permuted back.
        for (int p = 0; p < total; p++) {
            int[] c = unravel(p, permuted);
            int[] source = new int[dims.length];
            for (int i = 0; i < dims.length; i++) source[perm[i]] = c[i];
            order[p] = ravel(source, dims);
        }
        return order;
    }

    /**
     * A Shardy sharding: {@code mesh} axes in order with sizes (devices numbered row-major over the
     * axes), and for each dimension the axes it is split over, major first.
     */
    public static TensorSharding fromShardy(Map<String, Integer> mesh, List<List<String>> dimAxes) {
        List<String> axes = new ArrayList<>(mesh.keySet());
        int[] sizes = mesh.values().stream().mapToInt(Integer::intValue).toArray();
        int numDevices = Arrays.stream(sizes).reduce(1, Math::multiplyExact);
        int rank = dimAxes.size();
        int[] tiles = new int[rank];
        for (int i = 0; i < rank; i++) {
            int t = 1;
            for (String a : dimAxes.get(i)) {
                Integer size = mesh.get(a);
                if (size == null) throw new IllegalArgumentException("Shardy sharding names axis '" + a + "' not in mesh " + mesh.keySet());
                t *= size;
            }
            tiles[i] = t;
        }
        int[][] tileOfDevice = new int[numDevices][rank];
        for (int d = 0; d < numDevices; d++) {
            int[] coords = unravel(d, sizes);
            for (int i = 0; i < rank; i++) {
                int index = 0;
                for (String a : dimAxes.get(i)) {
                    int k = axes.indexOf(a);
                    index = index * sizes[k] + coords[k];
                }
                tileOfDevice[d][i] = index;
            }
        }
        return new TensorSharding(tiles, tileOfDevice);
    }

    private static final Pattern SDY_MESH = Pattern.compile("sdy\\.mesh\\s+@([\\w.$-]+)\\s*=\\s*<\\s*\\[([^\\]]*)\\]");
    /** MLIR's generic form of the same: {@code "sdy.mesh"() {mesh = #sdy.mesh<["data"=2]>, sym_name = "mesh"}}. */
    private static final Pattern SDY_MESH_GENERIC = Pattern.compile(
            "\"sdy\\.mesh\"\\(\\)\\s*<?\\{\\s*mesh\\s*=\\s*#sdy\\.mesh<\\s*\\[([^\\]]*)\\][^}]*sym_name\\s*=\\s*\"([\\w.$-]+)\"");
    private static final Pattern SDY_AXIS = Pattern.compile("\"([^\"]+)\"\\s*=\\s*(\\d+)");

    /** The {@code sdy.mesh} definitions of a module: name → axes in order with sizes. */
    public static Map<String, Map<String, Integer>> shardyMeshes(String moduleText) {
        Map<String, Map<String, Integer>> meshes = new LinkedHashMap<>();
        Matcher m = SDY_MESH.matcher(moduleText);
        while (m.find()) meshes.put(m.group(1), axes(m.group(2)));
        Matcher g = SDY_MESH_GENERIC.matcher(moduleText);
        while (g.find()) meshes.put(g.group(2), axes(g.group(1)));
        return meshes;
    }

    private static Map<String, Integer> axes(String list) {
        Map<String, Integer> axes = new LinkedHashMap<>();
        Matcher a = SDY_AXIS.matcher(list);
        while (a.find()) axes.put(a.group(1), Integer.parseInt(a.group(2)));
        return axes;
    }

    static int[] unravel(int index, int[] dims) {
        int[] c = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            c[i] = index % dims[i];
            index /= dims[i];
        }
        return c;
    }

    static int ravel(int[] coords, int[] dims) {
        int index = 0;
        for (int i = 0; i < dims.length; i++) index = index * dims[i] + coords[i];
        return index;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSharding t && Arrays.equals(tilesPerDim, t.tilesPerDim)
                && Arrays.deepEquals(tileOfDevice, t.tileOfDevice);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(tilesPerDim) + Arrays.deepHashCode(tileOfDevice); }

    @Override
    public String toString() {
        return "TensorSharding" + Arrays.toString(tilesPerDim) + " over " + tileOfDevice.length + " devices";
    }
}
