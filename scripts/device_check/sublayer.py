"""The Switch-Base-8 sparse sublayer (batch 8, seq 512, d_model 768, d_ff 3072, 8 experts, bf16,
router f32, capacity factor 1.25) on the GPU, timed two ways here: (b) the same layer written in
JAX (jax.jit, one-hot einsum dispatch and combine like ours, same shapes), (c) our artifact
compiled and run by JAX's own PJRT client. (a), our artifact through our binding, is the Java
step. Also the GPU's bf16 matmul rate, as the peak the TFLOP/s are compared with."""

import json
import os
import sys

import common

B, S, D, F, E, CF = 8, 512, 768, 3072, 8, 1.25


def capacity():
    return max(4, int(S / E * CF))


def jax_layer():
    import jax
    import jax.numpy as jnp

    C = capacity()

    def layer(x, w_router, wi, wo):
        logits = jnp.einsum("bsd,de->bse", x.astype(jnp.float32), w_router)
        probs = jax.nn.softmax(logits, axis=-1)
        expert = jnp.argmax(probs, axis=-1)
        gate = jnp.max(probs, axis=-1)
        onehot = jax.nn.one_hot(expert, E, dtype=jnp.float32)
        slot = jnp.sum(jnp.cumsum(onehot, axis=1) * onehot, axis=-1) - 1
        keep = (slot < C).astype(jnp.float32)
        dispatch = onehot[..., None] * jax.nn.one_hot(slot, C, dtype=jnp.float32)[:, :, None, :] * keep[..., None, None]
        xe = jnp.einsum("bsec,bsd->ebcd", dispatch.astype(jnp.bfloat16), x)
        h = jax.nn.relu(jnp.einsum("ebcd,edf->ebcf", xe, wi))
        ye = jnp.einsum("ebcf,efd->ebcd", h, wo)
        combine = (dispatch * gate[..., None, None]).astype(jnp.bfloat16)
        y = jnp.einsum("bsec,ebcd->bsd", combine, ye)
        density = jnp.mean(onehot, axis=(0, 1))
        aux = E * jnp.sum(density * jnp.mean(probs, axis=(0, 1)))
        z = jnp.mean(jax.nn.logsumexp(logits, axis=-1) ** 2)
        return y, aux, z

    key = jax.random.PRNGKey(0)
    k1, k2, k3, k4 = jax.random.split(key, 4)
    x = jax.random.normal(k1, (B, S, D), jnp.bfloat16)
    w_router = jax.random.normal(k2, (D, E), jnp.float32) * 0.02
    wi = (jax.random.normal(k3, (E, D, F), jnp.float32) * 0.02).astype(jnp.bfloat16)
    wo = (jax.random.normal(k4, (E, F, D), jnp.float32) * 0.02).astype(jnp.bfloat16)
    return jax.jit(layer), (x, w_router, wi, wo)


def main():
    p = common.parser(__doc__)
    p.add_argument("--artifact", required=True, help="the sublayer artifact (1 device)")
    p.add_argument("--arguments", required=True, help="its arguments (DeviceCheck --write-arguments)")
    p.add_argument("--inspect", required=True, help="`switchyard inspect --json` of the sublayer: FLOPs per step")
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--matmul", type=int, default=8192, help="side of the square bf16 matmul that measures the peak")
    a = p.parse_args()
    module_file = common.need_file(os.path.join(common.need_dir(a.artifact, "artifact"), "model.mlir"), "artifact")
    specs = common.argument_specs(common.need_dir(a.arguments, "arguments"))
    with open(common.need_file(a.inspect, "inspect")) as f:
        flops = json.load(f).get("cost", {}).get("flops_per_step")
    result = {"step": "sublayer_jax", "shape": {"batch": B, "seq": S, "d_model": D, "d_ff": F, "experts": E, "capacity": capacity()},
              "arguments": len(specs), "flops_per_step": flops, "steps": a.steps}
    if a.stub:
        result["stub"] = True
        common.write_json(a.out, result)
        return
    try:
        import jax
        import jax.numpy as jnp
        gpu = jax.devices()[0]
        result["device"] = gpu.device_kind

        n = a.matmul
        m1 = jnp.ones((n, n), jnp.bfloat16)
        m2 = jnp.ones((n, n), jnp.bfloat16)
        mm = jax.jit(lambda u, v: u @ v)
        ms = common.median_ms(lambda: mm(m1, m2).block_until_ready(), 20, 3)
        result["peak_matmul_tflops"] = 2 * n ** 3 / (ms / 1e3) / 1e12

        layer, inputs = jax_layer()
        result["jax_jit_median_ms"] = common.median_ms(lambda: jax.block_until_ready(layer(*inputs)), a.steps, 5)

        with open(module_file) as f:
            text = f.read()
        exe = common.compile_mlir(gpu.client, text, [gpu], common.build_options(1, False))
        args = [jax.device_put(v, gpu) for v in common.load_arguments(a.arguments)]
        result["artifact_via_jax_median_ms"] = common.median_ms(
            lambda: jax.block_until_ready(common.execute(exe, args)), a.steps, 5)
        if flops:
            for k in ("jax_jit", "artifact_via_jax"):
                result[k + "_tflops"] = flops / (result[k + "_median_ms"] / 1e3) / 1e12
    except Exception as e:  # noqa: BLE001 - reported in the table
        result["error"] = f"{type(e).__name__}: {e}"
    common.write_json(a.out, result)
    if "error" in result:
        sys.exit(1)


if __name__ == "__main__":
    main()
