"""Partitioner check: our 8-device switch_tiny artifact compiled by XLA's SPMD partitioner on the
host CPU forced to 8 devices, run, compared with the interpreter, with the collectives XLA chose
and the per-device argument bytes beside `switchyard inspect`'s prediction."""

import json
import os
import re
import sys

import common

COLLECTIVES = ("all-to-all", "all-gather", "all-reduce", "reduce-scatter", "collective-permute")


def main():
    p = common.parser(__doc__)
    p.add_argument("--artifact", required=True, help="artifact directory (model.mlir, manifest.json)")
    p.add_argument("--arguments", required=True, help="arg_NNN.npy + arguments.json from DeviceCheck --write-arguments")
    p.add_argument("--expected", required=True, help="the interpreter's outputs (NAME.npy)")
    p.add_argument("--inspect", required=True, help="`switchyard inspect --json` of the artifact's model")
    p.add_argument("--form", required=True, choices=["shardy", "gspmd"])
    p.add_argument("--devices", type=int, default=8)
    p.add_argument("--hlo-out", help="where to write XLA's optimized HLO")
    a = p.parse_args()
    module_file = common.need_file(os.path.join(common.need_dir(a.artifact, "artifact"), "model.mlir"), "artifact")
    specs = common.argument_specs(common.need_dir(a.arguments, "arguments"))
    expected = common.expected_outputs(common.need_dir(a.expected, "expected"), os.path.join(a.artifact, "manifest.json"))
    with open(common.need_file(a.inspect, "inspect")) as f:
        predicted = json.load(f)
    result = {"step": "partitioner_" + a.form, "devices": a.devices, "arguments": len(specs), "outputs": len(expected),
              "predicted_param_bytes_per_device": predicted.get("cost", {}).get("bytes_params_per_device"),
              "predicted_all_to_all_bytes": predicted.get("cost", {}).get("all_to_all_bytes_per_step")}
    if a.stub:
        result["stub"] = True
        common.write_json(a.out, result)
        return
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + f" --xla_force_host_platform_device_count={a.devices}").strip()
    try:
        import jax
        import numpy as np
        jax.config.update("jax_platforms", "cpu")
        devices = jax.devices("cpu")[: a.devices]
        if len(devices) < a.devices:
            raise RuntimeError(f"only {len(devices)} CPU devices")
        with open(module_file) as f:
            text = f.read()
        exe = common.compile_mlir(devices[0].client, text, devices, common.build_options(a.devices, a.form == "shardy"))
        hlo = common.optimized_hlo(exe)
        if a.hlo_out:
            with open(a.hlo_out, "w") as f:
                f.write(hlo)
        result["collectives"] = {c: len(re.findall(r"\b" + c + r"(-start)?\(", hlo)) for c in COLLECTIVES}
        result["has_all_to_all"] = result["collectives"]["all-to-all"] > 0
        try:
            stats = exe.get_compiled_memory_stats()
            result["argument_bytes_per_device"] = stats.argument_size_in_bytes
        except Exception as e:  # noqa: BLE001 - not every jaxlib has it
            result["argument_bytes_per_device"] = f"unavailable: {e}"
        from jax.sharding import GSPMDSharding
        in_shardings = exe.get_parameter_shardings()
        out_shardings = exe.get_output_shardings()
        args = [jax.device_put(v, GSPMDSharding(tuple(devices), s)) for v, s in zip(common.load_arguments(a.arguments), in_shardings)]
        outs = common.execute(exe, args)
        errors = []
        for o, (pieces, want_file, s) in enumerate(zip(outs, expected, out_shardings)):
            want = np.load(want_file)
            got = jax.make_array_from_single_device_arrays(want.shape, GSPMDSharding(tuple(devices), s), list(pieces))
            errors.append(float(np.max(np.abs(np.asarray(got, dtype=np.float64) - want.astype(np.float64)))) if want.size else 0.0)
        result["max_error"] = max(errors) if errors else 0.0
        result["max_error_per_output"] = errors
    except Exception as e:  # noqa: BLE001 - reported in the table, the other steps still run
        result["error"] = f"{type(e).__name__}: {e}"
    common.write_json(a.out, result)
    if "error" in result:
        sys.exit(1)


if __name__ == "__main__":
    main()
