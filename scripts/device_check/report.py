"""Merges the device check's JSON results into one table: printed, and written as JSON."""

import glob
import json
import os

import common


def fmt(v, digits=3):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.{digits}g}"
    return str(v)


def rows(results):
    by = {r.get("step"): r for r in results}
    out = []
    for form in ("shardy", "gspmd"):
        r = by.get("partitioner_" + form)
        if r:
            coll = r.get("collectives") or {}
            chosen = ",".join(f"{k}x{v}" for k, v in coll.items() if v) or "-"
            out.append(("partitioner " + form + " (8 CPU devices)", f"max error {fmt(r.get('max_error'))}",
                        f"collectives {chosen}",
                        f"arg bytes/device {fmt(r.get('argument_bytes_per_device'))} (predicted params {fmt(r.get('predicted_param_bytes_per_device'))})",
                        r.get("error", "stub" if r.get("stub") else "ok")))
    ours = by.get("switchyard_binding")
    jaxs = by.get("sublayer_jax") or {}
    flops = jaxs.get("flops_per_step")
    peak = jaxs.get("peak_matmul_tflops")

    def speed(name, ms, err, stub):
        tf = flops / (ms / 1e3) / 1e12 if (flops and isinstance(ms, (int, float)) and ms > 0) else None
        ratio = tf / peak if (tf and peak) else None
        return (name, f"median {fmt(ms)} ms", f"{fmt(tf)} TFLOP/s", f"{fmt(ratio)} of bf16 peak {fmt(peak)} TFLOP/s",
                err or ("stub" if stub else "ok"))

    if ours:
        out.append(speed("sublayer (a) our artifact, our binding", ours.get("median_ms"), ours.get("error"), False))
    if jaxs:
        out.append(speed("sublayer (b) same layer in jax.jit", jaxs.get("jax_jit_median_ms"), jaxs.get("error"), jaxs.get("stub")))
        out.append(speed("sublayer (c) our artifact, JAX's client", jaxs.get("artifact_via_jax_median_ms"), jaxs.get("error"), jaxs.get("stub")))
    d_ours, d_jax = by.get("dispatch_switchyard"), by.get("dispatch_jax")
    if d_ours:
        out.append(("dispatch, our binding", f"{fmt(d_ours.get('us_per_execute_resident'))} us/execute (resident)",
                    f"{fmt(d_ours.get('us_per_execute_host_in_out'))} us (host in/out)", f"{d_ours.get('iterations')} executes",
                    d_ours.get("error", "ok")))
    if d_jax:
        out.append(("dispatch, jax.jit", f"{fmt(d_jax.get('us_per_execute'))} us/execute", "-", f"{d_jax.get('iterations')} executes",
                    d_jax.get("error", "stub" if d_jax.get("stub") else "ok")))
    procs = [r for r in results if r.get("step") == "multi_process"]
    if procs:
        ok = all(r.get("ok") for r in procs)
        out.append((f"{len(procs)} processes sharing the device", f"partitions {[r.get('partitions') for r in procs]}",
                    f"global devices {procs[0].get('global_devices')}", f"local {[r.get('local_devices') for r in procs]}",
                    "ok" if ok else "FAIL"))
    return out


def main():
    p = common.parser(__doc__)
    p.add_argument("--results", required=True, help="directory of the steps' *.json")
    a = p.parse_args()
    results = []
    for f in sorted(glob.glob(os.path.join(common.need_dir(a.results, "results"), "*.json"))):
        with open(f) as h:
            results.append(json.load(h))
    table = rows(results)
    widths = [max(len(str(r[i])) for r in table) if table else 0 for i in range(5)]
    print()
    for r in table:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    report = {"rows": [dict(zip(("check", "a", "b", "c", "status"), r)) for r in table], "results": results}
    if a.stub:
        report["stub"] = True
    tmp = a.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(report, f, indent=2)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
