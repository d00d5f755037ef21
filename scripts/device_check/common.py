"""Shared helpers of the device check's Python steps: argument files, JSON results, timing.

Every step takes --stub: it then checks its arguments and input files and writes a result marked
"stub": true without importing JAX or numpy, so `device-check.sh --self-test` exercises the
argument handling on a machine without them."""

import argparse
import json
import os
import statistics
import sys
import time

DTYPES = {"bf16": "bfloat16", "f16": "float16", "f32": "float32", "f64": "float64", "i8": "int8", "i16": "int16",
          "i32": "int32", "i64": "int64", "ui8": "uint8", "ui16": "uint16", "ui32": "uint32", "ui64": "uint64",
          "i1": "bool", "pred": "bool", "bool": "bool"}


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--out", required=True, help="where the step writes its JSON result")
    p.add_argument("--stub", action="store_true", help="check arguments and files only; no JAX")
    return p


def need_dir(path, what):
    if not os.path.isdir(path):
        sys.exit(f"{what}: {path} is not a directory")
    return path


def need_file(path, what):
    if not os.path.isfile(path):
        sys.exit(f"{what}: {path} does not exist")
    return path


def argument_specs(args_dir):
    """The artifact's arguments as `DeviceCheck --write-arguments` described them: index, dtype, shape, file."""
    spec_file = need_file(os.path.join(args_dir, "arguments.json"), "arguments")
    with open(spec_file) as f:
        specs = json.load(f)
    for s in specs:
        s["file"] = need_file(os.path.join(args_dir, "arg_%03d.npy" % s["index"]), "argument")
        if s["dtype"] not in DTYPES:
            sys.exit(f"argument {s['index']}: no numpy type for {s['dtype']}")
    return specs


def load_arguments(args_dir):
    """numpy arrays in the artifact's types (bf16 travels as float32 in .npy and is cast back)."""
    import numpy as np
    import ml_dtypes  # installed with JAX
    out = []
    for s in argument_specs(args_dir):
        a = np.load(s["file"])
        name = DTYPES[s["dtype"]]
        dtype = ml_dtypes.bfloat16 if name == "bfloat16" else np.dtype(name)
        out.append(a.astype(dtype))
    return out


def expected_outputs(expected_dir, manifest_file):
    """The interpreter's outputs in the manifest's output order."""
    with open(need_file(manifest_file, "manifest")) as f:
        names = [o["name"] for o in json.load(f)["outputs"]]
    return [need_file(os.path.join(expected_dir, n + ".npy"), "expected output") for n in names]


def write_json(path, result):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)
    print(json.dumps(result))


def median_ms(fn, steps, warmup):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def compile_mlir(client, text, devices, options):
    """Compiles StableHLO text with JAX's own PJRT client, across the jaxlib API versions."""
    if hasattr(client, "compile_and_load"):
        from jax._src.lib import xla_client as xc
        try:
            return client.compile_and_load(text, xc.DeviceList(tuple(devices)), options)
        except (TypeError, AttributeError):
            return client.compile_and_load(text, devices, options)
    return client.compile(text, options)


def build_options(num_partitions, shardy):
    import numpy as np
    from jax._src.lib import xla_client as xc
    options = xc.CompileOptions()
    build = options.executable_build_options
    build.num_replicas = 1
    build.num_partitions = num_partitions
    build.use_spmd_partitioning = num_partitions > 1
    if hasattr(build, "use_shardy_partitioner"):
        build.use_shardy_partitioner = shardy
    build.device_assignment = xc.DeviceAssignment.create(np.arange(num_partitions).reshape(1, num_partitions))
    return options


def execute(exe, arrays):
    """Runs a loaded executable on jax.Arrays; returns per output the list of per-device arrays."""
    if hasattr(exe, "execute_sharded"):
        results = exe.execute_sharded(arrays)
        return results.disassemble_into_single_device_arrays()
    per_device = [[s.data for s in a.addressable_shards] for a in arrays]
    out = exe.execute_sharded_on_local_devices(per_device)
    return out


def optimized_hlo(exe):
    for name in ("hlo_modules", "get_hlo_modules"):
        if hasattr(exe, name):
            try:
                return "\n".join(m.to_string() for m in getattr(exe, name)())
            except Exception:  # noqa: BLE001 - try the next accessor
                pass
    if hasattr(exe, "as_text"):
        return exe.as_text()
    return ""
