package dev.switchyard.dsl.check;

import dev.switchyard.dsl.graph.ElemType;
import java.util.ArrayList;
import java.util.List;

/**
 * One active block instance: its parameter path (e.g. {@code encoder.layer_3.mlp}), the key that
 * shared parameters use (the path with loop indices stripped, so all iterations share), the
 * precision in force and the nesting depth.
 */
final class Frame {
    final List<String> path;
    final List<String> sharedKey;
    final String pathString;
    ElemType precision;
    final int depth;

    Frame(List<String> path, List<String> sharedKey, ElemType precision, int depth) {
        this.path = List.copyOf(path);
        this.sharedKey = List.copyOf(sharedKey);
        this.pathString = String.join(".", path);
        this.precision = precision;
        this.depth = depth;
    }

    Frame child(String segment, String keySegment, ElemType precision) {
        List<String> p = new ArrayList<>(path);
        p.add(segment);
        List<String> k = new ArrayList<>(sharedKey);
        k.add(keySegment);
        return new Frame(p, k, precision, depth + 1);
    }

    String paramPath(String name) { return pathString.isEmpty() ? name : pathString + "." + name; }

    String sharedKey(String name) { return String.join(".", sharedKey) + "." + name; }
}
