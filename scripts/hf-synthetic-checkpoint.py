#!/usr/bin/env python3
"""A synthetic google/switch-base-8 checkpoint, and a bitwise comparison of two checkpoints.

  hf-synthetic-checkpoint.py make DIR [SHARD_BYTES]   # 437 random F32 tensors with HF's names and torch shapes
  hf-synthetic-checkpoint.py compare DIR_A DIR_B      # same names, shapes, dtypes and bytes?

Reads and writes safetensors with numpy only (an independent reader for Switchyard's export);
used for the import/export figures in docs/performance.md.
"""
import glob, json, os, struct, sys
import numpy as np

V, D, F, H, K, L, E = 32128, 768, 3072, 12, 64, 12, 8


def names():
    out = [("shared.weight", (V, D))]
    for stack in ("encoder", "decoder"):
        for i in range(L):
            b = f"{stack}.block.{i}.layer."
            out += [(b + f"0.SelfAttention.{w}.weight", (H * K, D)) for w in "qkv"]
            out.append((b + "0.SelfAttention.o.weight", (D, H * K)))
            if i == 0:
                out.append((b + "0.SelfAttention.relative_attention_bias.weight", (32, H)))
            out.append((b + "0.layer_norm.weight", (D,)))
            ff = 1
            if stack == "decoder":
                out += [(b + f"1.EncDecAttention.{w}.weight", (H * K, D)) for w in "qkv"]
                out += [(b + "1.EncDecAttention.o.weight", (D, H * K)), (b + "1.layer_norm.weight", (D,))]
                ff = 2
            if i % 2 == 1:  # transformers: layer i sparse when i % sparse_step == 1
                out.append((b + f"{ff}.mlp.router.classifier.weight", (E, D)))
                for e in range(E):
                    out += [(b + f"{ff}.mlp.experts.expert_{e}.wi.weight", (F, D)),
                            (b + f"{ff}.mlp.experts.expert_{e}.wo.weight", (D, F))]
            else:
                out += [(b + f"{ff}.mlp.wi.weight", (F, D)), (b + f"{ff}.mlp.wo.weight", (D, F))]
            out.append((b + f"{ff}.layer_norm.weight", (D,)))
        out.append((f"{stack}.final_layer_norm.weight", (D,)))
    return out


def make(out, shard_bytes):
    rng = np.random.default_rng(0)
    shards, cur, size = [], [], 0
    for n, s in names():
        nb = int(np.prod(s)) * 4
        if cur and size + nb > shard_bytes:
            shards.append(cur)
            cur, size = [], 0
        cur.append((n, s))
        size += nb
    shards.append(cur)
    os.makedirs(out, exist_ok=True)
    weight_map, total = {}, 0
    for i, shard in enumerate(shards):
        fn = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
        header, off = {"__metadata__": {"format": "pt"}}, 0
        for n, s in shard:
            nb = int(np.prod(s)) * 4
            header[n] = {"dtype": "F32", "shape": list(s), "data_offsets": [off, off + nb]}
            off += nb
            weight_map[n] = fn
        total += off
        h = json.dumps(header).encode()
        h += b" " * (-len(h) % 8)
        with open(os.path.join(out, fn), "wb") as f:
            f.write(struct.pack("<Q", len(h)))
            f.write(h)
            for n, s in shard:
                f.write(rng.standard_normal(s, dtype=np.float32).tobytes())
    with open(os.path.join(out, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f)
    print(len(weight_map), "tensors in", len(shards), "shards")


def tensors(directory):
    out = {}
    for path in sorted(glob.glob(os.path.join(directory, "*.safetensors"))):
        with open(path, "rb") as f:
            n = struct.unpack("<Q", f.read(8))[0]
            header = json.loads(f.read(n))
        data = np.memmap(path, dtype=np.uint8, mode="r")
        for name, v in header.items():
            if name != "__metadata__":
                b, e = v["data_offsets"]
                out[name] = (v["dtype"], v["shape"], data[8 + n + b:8 + n + e])
    return out


def compare(a_dir, b_dir):
    a, b = tensors(a_dir), tensors(b_dir)
    if set(a) != set(b):
        sys.exit(f"names differ: {sorted(set(a) ^ set(b))[:5]}")
    bad = [k for k in a if a[k][:2] != b[k][:2] or not np.array_equal(a[k][2], b[k][2])]
    print(len(a), "tensors compared,", len(bad), "differ", bad[:5])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["make"]:
        make(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000_000)
    elif sys.argv[1:2] == ["compare"]:
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
