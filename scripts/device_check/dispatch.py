"""Dispatch overhead through JAX: a 4-element add, jitted, called N times (each waited for)."""

import time

import common


def main():
    p = common.parser(__doc__)
    p.add_argument("--iterations", type=int, default=1000)
    a = p.parse_args()
    if a.iterations < 1:
        raise SystemExit("--iterations must be at least 1")
    result = {"step": "dispatch_jax", "iterations": a.iterations}
    if a.stub:
        result["stub"] = True
        common.write_json(a.out, result)
        return
    import jax
    import jax.numpy as jnp
    add = jax.jit(lambda u, v: u + v)
    x = jnp.arange(4, dtype=jnp.float32)
    y = jnp.ones(4, jnp.float32)
    for _ in range(a.iterations // 10 + 10):
        add(x, y).block_until_ready()
    t0 = time.perf_counter()
    for _ in range(a.iterations):
        add(x, y).block_until_ready()
    result["us_per_execute"] = (time.perf_counter() - t0) * 1e6 / a.iterations
    result["device"] = jax.devices()[0].device_kind
    common.write_json(a.out, result)


if __name__ == "__main__":
    main()
