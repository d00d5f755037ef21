package dev.switchyard.dsl.check;

import dev.switchyard.dsl.CheckOptions;
import dev.switchyard.dsl.Diagnostic;
import dev.switchyard.dsl.SourceSpan;
import dev.switchyard.dsl.ast.Expr;
import dev.switchyard.dsl.ast.Item;
import dev.switchyard.dsl.check.Val.DimV;
import dev.switchyard.dsl.graph.LayoutRule;
import dev.switchyard.dsl.graph.Mesh;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Picks the mesh ({@code --mesh}, {@code --mesh-shape}) and checks the layout rules against it. */
final class MeshSetup {
    private MeshSetup() {}

    static Mesh mesh(Elaborator el, List<Item.MeshDef> meshes, Scope globals, Frame top, CheckOptions options) {
        if (meshes.isEmpty()) {
            if (options.mesh().isPresent()) {
                el.diags.error("E060", SourceSpan.NONE, "no mesh named '" + options.mesh().get() + "': the model declares no mesh");
            }
            return applyShape(el, new Mesh("single", List.of()), options);
        }
        Item.MeshDef chosen = meshes.get(0);
        if (options.mesh().isPresent()) {
            chosen = meshes.stream().filter(m -> m.name().equals(options.mesh().get())).findFirst().orElse(null);
            if (chosen == null) {
                el.diags.error("E060", SourceSpan.NONE, "no mesh named '" + options.mesh().get() + "'; the model declares "
                        + String.join(", ", meshes.stream().map(Item.MeshDef::name).toList()));
                return new Mesh("none", List.of());
            }
        }
        List<Mesh.Axis> axes = new ArrayList<>();
        Map<String, SourceSpan> seen = new HashMap<>();
        for (Item.MeshAxis a : chosen.axes()) {
            SourceSpan prev = seen.putIfAbsent(a.name(), a.nameSpan());
            if (prev != null) {
                el.diags.error("E062", a.nameSpan(), "mesh axis '" + a.name() + "' is declared twice", new Diagnostic.Note("first declaration", prev));
                continue;
            }
            try {
                long size = el.toInt(el.eval(a.size(), globals, top), a.size().span(), "mesh axis size");
                if (size < 1) {
                    el.diags.error("E061", a.size().span(), "mesh axis '" + a.name() + "' must have a positive size, got " + size);
                    continue;
                }
                axes.add(new Mesh.Axis(a.name(), size));
            } catch (CheckFailure f) {
                // reported
            }
        }
        return applyShape(el, new Mesh(chosen.name(), axes), options);
    }

    private static Mesh applyShape(Elaborator el, Mesh mesh, CheckOptions options) {
        if (options.meshShape().isEmpty()) return mesh;
        List<Mesh.Axis> axes = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Mesh.Axis a : mesh.axes()) {
            Long size = options.meshShape().get(a.name());
            if (size != null) {
                used.add(a.name());
                if (size < 1) el.diags.error("E061", SourceSpan.NONE, "--mesh-shape: axis '" + a.name() + "' must be positive, got " + size);
            }
            // an invalid size is reported above; keep the declared one so later checks do not divide by it
            axes.add(size == null || size < 1 ? a : new Mesh.Axis(a.name(), size));
        }
        for (String k : options.meshShape().keySet()) {
            if (!used.contains(k)) el.diags.error("E061", SourceSpan.NONE, "--mesh-shape names axis '" + k + "', which mesh " + mesh.name() + " does not have");
        }
        return new Mesh(mesh.name(), axes);
    }

    static List<LayoutRule> layout(Elaborator el, List<Item.LayoutDef> layouts, Mesh mesh, Scope globals, Set<String> dimNames) {
        List<LayoutRule> rules = new ArrayList<>();
        Map<String, SourceSpan> ruleFor = new HashMap<>();
        for (Item.LayoutDef l : layouts) {
            for (Expr.MapEntry e : l.rules()) {
                if (!dimNames.contains(e.key())) {
                    el.diags.error("E063", e.keySpan(), "layout rule for unknown dim '" + e.key() + "'");
                    continue;
                }
                SourceSpan prev = ruleFor.putIfAbsent(e.key(), e.span());
                if (prev != null) {
                    el.diags.error("E065", e.span(), "dim '" + e.key() + "' has two layout rules", new Diagnostic.Note("first rule", prev));
                    continue;
                }
                List<String> axes = new ArrayList<>();
                boolean ok = true;
                long product = 1;
                for (String axis : e.values()) {
                    if (mesh.axes().stream().noneMatch(m -> m.name().equals(axis))) {
                        el.diags.error("E064", e.span(), "layout rule maps '" + e.key() + "' to unknown mesh axis '" + axis
                                + "' (mesh " + mesh + ")");
                        ok = false;
                        continue;
                    }
                    if (axes.contains(axis)) {
                        el.diags.error("E066", e.span(), "mesh axis '" + axis + "' appears twice in the rule for '" + e.key() + "'");
                        ok = false;
                        continue;
                    }
                    axes.add(axis);
                    product *= mesh.size(axis);
                }
                if (!ok) continue;
                if (globals.lookup(e.key()).map(b -> b.value).orElse(null) instanceof DimV d && d.dim().size() % product != 0) {
                    el.diags.error("E072", e.span(), "dim " + d.dim().name() + " (" + d.dim().size() + ") is not divisible by mesh axes "
                            + String.join(" × ", axes) + " (" + product + ")");
                    continue;
                }
                rules.add(new LayoutRule(e.key(), axes));
            }
        }
        return rules;
    }
}
