package dev.switchyard.hlo.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A region: the body of an op such as {@code func.func}, {@code stablehlo.while} or {@code stablehlo.reduce}. */
public final class Region {
    private final List<Block> blocks = new ArrayList<>();
    Operation parent;

    public Region() {}

    /** A region holding exactly {@code block}. */
    public static Region of(Block block) {
        Region r = new Region();
        r.addBlock(block);
        return r;
    }

    public Block addBlock(Block block) {
        if (block.parent != null) throw new IllegalArgumentException("block already in a region");
        block.parent = this;
        blocks.add(block);
        return block;
    }

    public List<Block> blocks() { return Collections.unmodifiableList(blocks); }

    /** The first block; fails on an empty region. */
    public Block entry() {
        if (blocks.isEmpty()) throw new IllegalStateException("empty region");
        return blocks.getFirst();
    }

    public boolean isEmpty() { return blocks.isEmpty(); }

    public Optional<Operation> parentOp() { return Optional.ofNullable(parent); }
}
