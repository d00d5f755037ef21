#!/usr/bin/env bash
# Runs Switchyard's samples on a real accelerator through a PJRT plugin and compares every output
# with the reference interpreter's. One script, two halves:
#
#   here (no accelerator)        scripts/device-check.sh --dry-run
#       builds target/device-check/ (< 60 MB): a jlinked JRE, the CLI jar, and for every samples/*.sy
#       present now, its artifact compiled for a 1-device mesh plus the interpreter's outputs (.npy)
#       under a fixed seed; self-tests the folder against the C test plugin; prints the plan.
#
#   on the lent machine          scripts/device-check.sh --on-device
#       (the session's `run` tool: command "scripts/device-check.sh --on-device",
#        carry ["target/device-check"], timeout_s 540)
#       finds xla_cuda_plugin.so in Python's site-packages (jax_plugins/xla_cuda13/, or
#       $SWITCHYARD_PJRT_PLUGIN), runs `switchyard devices`, runs every prepared sample with
#       `switchyard run DIR --backend pjrt --seed 0 --steps 3 --out DIR/actual`, and prints the table
#       (sample, max error, compile ms, execute ms, wall ms, status).
#       Part 2 (issue 17, docs/device-check.md), in the same call: the partitioner check (switch_tiny
#       for 8 devices, Shardy and GSPMD, through JAX/XLA on 8 forced host CPU devices), the
#       Switch-Base-8 sparse sublayer timed (a) through our binding, (b) as jax.jit, (c) as our
#       artifact through JAX's client, dispatch overhead (ours and JAX's), 2 processes sharing the
#       GPU; one table, printed and written to target/device-check/report.json (and $OUT).
#
#   here, again                  scripts/device-check.sh --self-test
#       every Java step of part 2 against the C test plugin (2 processes through etcd, or the Python
#       stand-in when etcd is absent) and every Python step with --stub (no JAX); --dry-run ends with it.
#
# Without an option it prepares as --dry-run and prints the `run` call to make. Exit code: 0 when
# every sample matched, 1 otherwise. Tolerance: $DEVICE_CHECK_TOLERANCE (default 1e-2, bf16-sized);
# interpreter time per sample here: $DEVICE_CHECK_SAMPLE_TIMEOUT seconds (default 180).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
carry="$root/target/device-check"
seed=0
tolerance=${DEVICE_CHECK_TOLERANCE:-1e-2}
# The interpreter's run of one sample here (Switch-C-sized models never finish on a CPU: skipped).
sample_timeout=${DEVICE_CHECK_SAMPLE_TIMEOUT:-180}
budget_mb=58
# One sample's PJRT run on the device, so that one hang cannot eat the whole device call.
device_timeout=${DEVICE_CHECK_DEVICE_TIMEOUT:-120}
# Modules the CLI needs (jdeps over the shaded jar, less java.desktop: Jackson uses java.beans only
# when present; java.net.http: the etcd client of multi-process runs). The self-test below runs the device-side paths on this JRE, so a missing module
# shows up here, not on the device.
jre_modules=java.base,java.logging,java.net.http,java.sql,java.xml,jdk.unsupported,jdk.incubator.vector

mode=plan
case "${1:-}" in
  --dry-run) mode=dry-run ;;
  --on-device) mode=on-device ;;
  --self-test) mode=self-test ;;
  "") mode=plan ;;
  -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
  *) echo "device-check: unknown option '$1' (see --help)" >&2; exit 1 ;;
esac

say() { printf '%s\n' "$*"; }

# ---------------------------------------------------------------------------------------------
# Here: build the carry folder.
# ---------------------------------------------------------------------------------------------
prepare() {
  . "$root/scripts/find-jdk.sh"
  switchyard_find_jdk
  command -v mvn >/dev/null || { echo "device-check: Maven (mvn) is needed to build the CLI jar" >&2; exit 1; }
  mkdir -p "$carry"
  say "== building the CLI jar"
  (cd "$root" && mvn -B -q -ntp -DskipTests -pl cli -am package) >"$carry/build.log" 2>&1 \
    || { cat "$carry/build.log" >&2; echo "device-check: the build failed" >&2; exit 1; }
  cp "$root/cli/target/switchyard.jar" "$carry/switchyard.jar"

  if [ ! -x "$carry/jre/bin/java" ] || [ "$(cat "$carry/jre.modules" 2>/dev/null)" != "$jre_modules" ]; then
    say "== jlink: a JRE with $jre_modules"
    rm -rf "$carry/jre"
    "$JAVA_HOME/bin/jlink" --add-modules "$jre_modules" --strip-debug --no-header-files --no-man-pages \
      --compress=zip-9 --output "$carry/jre"
    printf '%s' "$jre_modules" > "$carry/jre.modules"
  fi
  local java="$carry/jre/bin/java"
  local sy=("$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector -Xss16m -jar "$carry/switchyard.jar")

  say "== preparing samples (compile for 1 device, interpreter outputs with --seed $seed)"
  rm -rf "$carry/samples"
  mkdir -p "$carry/samples"
  shopt -s nullglob
  local n=0
  # With a `compile` command the sample becomes an artifact for a 1-device mesh (--mesh-shape
  # axis=1,...); without one, `run` compiles the .sy itself with the mesh it declares.
  local artifacts=1
  "${sy[@]}" compile --help >/dev/null 2>&1 || artifacts=0
  [ "$artifacts" = 1 ] || say "   (no 'compile' command in this build: samples run from their .sy with the mesh they declare)"
  for sample in "$root"/samples/*.sy; do
    n=$((n + 1))
    local name dir target
    name=$(basename "$sample" .sy)
    dir="$carry/samples/$name"
    mkdir -p "$dir"
    if [ "$artifacts" = 1 ]; then
      if ! "${sy[@]}" compile "$sample" -o "$dir/declared" >"$dir/prepare.log" 2>&1; then
        say "   $name: SKIPPED (compile failed; see $dir/prepare.log)"; echo "compile failed" > "$dir/SKIPPED"; continue
      fi
      local shape
      shape=$("$java" -cp "$carry/switchyard.jar" dev.switchyard.cli.DeviceCheck --single-device-mesh-shape "$dir/declared/manifest.json")
      local mesh_args=()
      [ -n "$shape" ] && mesh_args=(--mesh-shape "$shape")
      rm -rf "$dir/declared"
      if ! "${sy[@]}" compile "$sample" -o "$dir/artifact" "${mesh_args[@]}" >>"$dir/prepare.log" 2>&1; then
        say "   $name: SKIPPED (compile with --mesh-shape $shape failed)"; echo "1-device compile failed" > "$dir/SKIPPED"; continue
      fi
      target="$dir/artifact"
    else
      # the working tree travels to the device, so the .sy is found there at the same relative path
      printf '%s\n' "samples/$name.sy" > "$dir/SOURCE"
      target="$sample"
    fi
    if ! timeout --kill-after=10 "$sample_timeout" "${sy[@]}" run "$target" --backend interp --seed "$seed" --out "$dir/expected" >>"$dir/prepare.log" 2>&1; then
      say "   $name: SKIPPED (interpreter run failed: $(tail -n 1 "$dir/prepare.log" | cut -c1-100))"
      # a skipped sample carries only its marker: the budget is for what runs
      rm -rf "$dir/artifact" "$dir/expected"
      echo "interpreter run failed" > "$dir/SKIPPED"; continue
    fi
    if [ "$(du -sm "$carry" | cut -f1)" -ge "$budget_mb" ]; then
      rm -rf "$dir/expected" "$dir/artifact"
      say "   $name: SKIPPED (its outputs would take the carry folder past ${budget_mb} MB)"
      echo "outputs too large to carry" > "$dir/SKIPPED"; continue
    fi
    say "   $name: ready ($(ls "$dir/expected" | wc -l) outputs)"
  done
  say "   $n sample(s) in samples/"

  say "== self-test of the carry folder on this machine (C test plugin, no accelerator)"
  local plugin="$root/runtime-pjrt/target/test-plugin/libpjrt_test_plugin.so"
  mkdir -p "$(dirname "$plugin")"
  gcc -shared -fPIC -O1 -o "$plugin" "$root/runtime-pjrt/src/test/c/pjrt_test_plugin.c" -lpthread
  local st="$root/target/device-check-self-test"
  rm -rf "$st"
  "$java" -cp "$carry/switchyard.jar" dev.switchyard.cli.DeviceCheck --write-self-test-sample "$st/self_test"
  "${sy[@]}" devices --plugin "$plugin" >"$st/devices.txt"
  grep -q "devices     4 addressable" "$st/devices.txt" || { cat "$st/devices.txt"; echo "device-check: self-test: devices failed" >&2; exit 1; }
  "$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector -cp "$carry/switchyard.jar" dev.switchyard.cli.DeviceCheck \
    --plugin "$plugin" --tolerance 0 "$st/self_test" | sed 's/^/   /'
  rm -f "$carry/build.log"
  prepare_part2
  self_test_part2
}

# Part 2's inputs: artifacts, the interpreter's outputs, the cost model's predictions, the Python steps.
prepare_part2() {
  local java="$carry/jre/bin/java"
  local sy=("$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector -Xss16m -jar "$carry/switchyard.jar")
  local p2="$carry/part2"
  rm -rf "$p2" "$carry/python"
  mkdir -p "$p2/partitioner" "$p2/sublayer" "$carry/python"
  cp "$root"/scripts/device_check/*.py "$carry/python/"
  say "== part 2: switch_tiny for an 8-device mesh (data=2, expert=4), Shardy and GSPMD"
  "${sy[@]}" inspect "$root/samples/switch_tiny.sy" --mesh-shape data=2,expert=4 --json > "$p2/partitioner/inspect.json"
  for form in shardy gspmd; do
    local d="$p2/partitioner/$form"
    "${sy[@]}" compile "$root/samples/switch_tiny.sy" -o "$d/artifact" --mesh-shape data=2,expert=4 --sharding "$form" >"$d.log" 2>&1 \
      || { cat "$d.log" >&2; echo "device-check: compiling switch_tiny ($form) failed" >&2; exit 1; }
    "${sy[@]}" run "$d/artifact" --backend interp --seed "$seed" --out "$d/expected" >>"$d.log" 2>&1 \
      || { cat "$d.log" >&2; echo "device-check: the interpreter run of switch_tiny ($form) failed" >&2; exit 1; }
    "$java" -cp "$carry/switchyard.jar" dev.switchyard.cli.DeviceCheck --write-arguments "$d/artifact" "$seed" "$d/arguments" >>"$d.log"
    rm -f "$d.log"
    say "   $form: artifact, $(ls "$d/arguments" | grep -c npy) arguments, $(ls "$d/expected" | wc -l) expected outputs"
  done
  say "== part 2: the Switch-Base-8 sparse sublayer (its arguments are made on the device: 150 MB as .npy)"
  "${sy[@]}" compile "$root/scripts/device_check/switch_sublayer.sy" -o "$p2/sublayer/artifact" >/dev/null
  "${sy[@]}" inspect "$root/scripts/device_check/switch_sublayer.sy" --json > "$p2/sublayer/inspect.json"
}

# A coordinator for the 2-process check: etcd when installed, else the Python stand-in. Sets coordinator and coordinator_pid.
start_coordinator() {
  local dir=$1
  mkdir -p "$dir"
  if command -v etcd >/dev/null; then
    local port peer
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    peer=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    etcd --name dc --data-dir "$dir/etcd" --listen-client-urls "http://127.0.0.1:$port" --advertise-client-urls "http://127.0.0.1:$port" \
      --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
      --initial-cluster "dc=http://127.0.0.1:$peer" --log-level warn >"$dir/etcd.log" 2>&1 &
    coordinator_pid=$!
    coordinator_kind=etcd
  else
    rm -f "$dir/port"
    python3 "$carry/python/kv_standin.py" --port-file "$dir/port" >"$dir/standin.log" 2>&1 &
    coordinator_pid=$!
    coordinator_kind="etcd stand-in (kv_standin.py)"
    for _ in $(seq 100); do [ -f "$dir/port" ] && break; sleep 0.1; done
    port=$(cat "$dir/port")
  fi
  for _ in $(seq 100); do
    python3 -c "import urllib.request,sys; sys.exit(0 if b'true' in urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=1).read() else 1)" 2>/dev/null && break
    sleep 0.2
  done
  coordinator="etcd://127.0.0.1:$port"
}

# Two processes of one job on this machine, each owning half the mesh, through the coordinator.
multi_process_check() {
  local plugin=$1 results=$2 work=$3
  local java="$carry/jre/bin/java"
  start_coordinator "$work/coordinator"
  say "   coordinator: $coordinator_kind at $coordinator"
  local job="device-check-$$-$RANDOM" pids=() ok=1
  for id in 0 1; do
    timeout --kill-after=10 120 "$java" --enable-native-access=ALL-UNNAMED -cp "$carry/switchyard.jar" dev.switchyard.cli.DeviceCheck \
      --multi-process "$plugin" "$coordinator" "$job" "$id" 2 "$results/multi_process_$id.json" >"$work/multi_process_$id.log" 2>&1 &
    pids+=($!)
  done
  for id in 0 1; do
    wait "${pids[$id]}" || { ok=0; say "   process $id failed: $(tail -n 2 "$work/multi_process_$id.log" | tr '\n' ' ' | cut -c1-200)"; }
  done
  kill "$coordinator_pid" 2>/dev/null || true
  wait "$coordinator_pid" 2>/dev/null || true
  [ "$ok" = 1 ]
}

# Part 2 here: the Java steps against the C test plugin, the Python steps with --stub.
self_test_part2() {
  local java="$carry/jre/bin/java"
  local jx=("$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector -cp "$carry/switchyard.jar" dev.switchyard.cli.DeviceCheck)
  local plugin="$root/runtime-pjrt/target/test-plugin/libpjrt_test_plugin.so"
  mkdir -p "$(dirname "$plugin")"
  [ -f "$plugin" ] || gcc -shared -fPIC -O1 -o "$plugin" "$root/runtime-pjrt/src/test/c/pjrt_test_plugin.c" -lpthread
  local st="$root/target/device-check-self-test/part2" p2="$carry/part2" py="$carry/python"
  rm -rf "$st"
  mkdir -p "$st/results"
  say "== self-test of part 2 (C test plugin; Python steps with --stub)"
  # a 1-device artifact the test plugin can run: it executes only identities and f32 adds
  local tiny="$st/identity"
  printf 'model identity\ndim n = 4\nblock forward(x: f32[n]) {\n  return (y = x)\n}\n' > "$st/identity.sy"
  "$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector -Xss16m \
    -jar "$carry/switchyard.jar" compile "$st/identity.sy" -o "$tiny" >"$st/identity.log" 2>&1 \
    || { cat "$st/identity.log" >&2; echo "device-check: self-test: compiling the identity model failed" >&2; exit 1; }
  "${jx[@]}" --time "$tiny" "$plugin" 3 "$st/results/switchyard_binding.json" >/dev/null
  "${jx[@]}" --dispatch "$plugin" 200 "$st/results/dispatch_switchyard.json" >/dev/null
  "${jx[@]}" --write-arguments "$tiny" 0 "$st/arguments" >/dev/null
  multi_process_check "$plugin" "$st/results" "$st" || { echo "device-check: self-test: the 2-process check failed" >&2; exit 1; }
  for form in shardy gspmd; do
    python3 "$py/partitioner.py" --stub --artifact "$p2/partitioner/$form/artifact" --arguments "$p2/partitioner/$form/arguments" \
      --expected "$p2/partitioner/$form/expected" --inspect "$p2/partitioner/inspect.json" --form "$form" \
      --out "$st/results/partitioner_$form.json" >/dev/null
  done
  python3 "$py/sublayer.py" --stub --artifact "$p2/sublayer/artifact" --arguments "$st/arguments" --inspect "$p2/sublayer/inspect.json" \
    --out "$st/results/sublayer_jax.json" >/dev/null
  python3 "$py/dispatch.py" --stub --iterations 1000 --out "$st/results/dispatch_jax.json" >/dev/null
  python3 "$py/report.py" --stub --results "$st/results" --out "$st/report.json" | sed 's/^/   /'
  python3 -m py_compile "$py"/*.py && rm -rf "$py/__pycache__"
  say "   part 2 self-test ok (timings above are the test plugin's and stubs', not a device's)"
}

print_plan() {
  local size
  size=$(du -sm "$carry" | cut -f1)
  say ""
  say "== plan"
  say "carry folder  target/device-check  (${size} MB; the device tool carries at most 64 MiB)"
  say "  jre/            jlinked Java $("$carry/jre/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p') ($jre_modules)"
  say "  switchyard.jar  $(du -h "$carry/switchyard.jar" | cut -f1)"
  local ready=0
  for d in "$carry"/samples/*/; do
    [ -d "$d" ] || continue
    if [ -f "$d/SKIPPED" ]; then say "  samples/$(basename "$d")  skipped: $(cat "$d/SKIPPED")"
    elif [ -f "$d/SOURCE" ]; then ready=$((ready + 1)); say "  samples/$(basename "$d")  $(cat "$d/SOURCE") + $(ls "$d/expected" | wc -l) expected .npy"
    else ready=$((ready + 1)); say "  samples/$(basename "$d")  artifact (1 device) + $(ls "$d/expected" | wc -l) expected .npy"; fi
  done
  say "on the device (one call):"
  say "  run(command=\"scripts/device-check.sh --on-device\", carry=[\"target/device-check\"], timeout_s=540)"
  say "  1. plugin: \$SWITCHYARD_PJRT_PLUGIN, else site-packages/jax_plugins/xla_cuda13/xla_cuda_plugin.so"
  say "  2. switchyard devices --plugin PLUGIN"
  say "  3. for each of the $ready ready sample(s): switchyard run ARTIFACT|SAMPLE.sy --backend pjrt --plugin PLUGIN --seed $seed --steps 3 --out DIR/actual,"
  say "     then max |actual - expected| over every output (tolerance $tolerance)"
  say "  4. table: sample, max error, compile ms, execute ms, wall ms, status"
  if [ "$size" -ge 60 ]; then echo "device-check: the carry folder is ${size} MB, over the 60 MB budget" >&2; exit 1; fi
}

# ---------------------------------------------------------------------------------------------
# On the device.
# ---------------------------------------------------------------------------------------------
find_plugin() {
  if [ -n "${SWITCHYARD_PJRT_PLUGIN:-}" ]; then printf '%s\n' "$SWITCHYARD_PJRT_PLUGIN"; return; fi
  local dirs p
  for py in python3 python; do
    command -v "$py" >/dev/null || continue
    dirs=$("$py" -c 'import site, sys; print("\n".join(site.getsitepackages() + [site.getusersitepackages()] + sys.path))' 2>/dev/null || true)
    while IFS= read -r d; do
      for p in "$d"/jax_plugins/xla_cuda13/xla_cuda_plugin.so "$d"/jax_plugins/xla_cuda*/xla_cuda_plugin.so; do
        [ -f "$p" ] && { printf '%s\n' "$p"; return; }
      done
    done <<< "$dirs"
  done
  find / -path '*/jax_plugins/xla_cuda*/xla_cuda_plugin.so' -print -quit 2>/dev/null || true
}

on_device() {
  local java="$carry/jre/bin/java"
  [ -x "$java" ] || { echo "device-check: $carry/jre is missing: run --dry-run here and carry target/device-check" >&2; exit 1; }
  local sy=("$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector -Xss16m -jar "$carry/switchyard.jar")
  local plugin
  plugin=$(find_plugin)
  [ -n "$plugin" ] || { echo "device-check: no xla_cuda_plugin.so found (set SWITCHYARD_PJRT_PLUGIN)" >&2; exit 1; }
  say "== plugin $plugin"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
  say "== switchyard devices"
  "${sy[@]}" devices --plugin "$plugin" || { echo "device-check: devices failed" >&2; exit 1; }

  local rows=() failed=0
  for d in "$carry"/samples/*/; do
    [ -d "$d" ] || continue
    local name; name=$(basename "$d")
    if [ -f "$d/SKIPPED" ]; then rows+=("$(printf '%-28s %12s %12s %12s %10s  %s' "$name" - - - - "skipped: $(cat "$d/SKIPPED")")"); continue; fi
    rm -rf "$d/actual"
    local t0 t1 status err compile execute
    t0=$(date +%s%N)
    local target="$d/artifact"
    [ -f "$d/SOURCE" ] && target="$root/$(cat "$d/SOURCE")"
    if timeout --kill-after=10 "$device_timeout" "${sy[@]}" run "$target" --backend pjrt --plugin "$plugin" --seed "$seed" --steps 3 --out "$d/actual" >"$d/pjrt.log" 2>&1; then
      t1=$(date +%s%N)
      err=$("$java" -cp "$carry/switchyard.jar" dev.switchyard.cli.DeviceCheck --compare "$d/expected" "$d/actual" || true)
      if awk -v e="$err" -v t="$tolerance" 'BEGIN { exit !(e == e + 0 && e <= t) }'; then status=ok; else status="FAIL (error $err)"; failed=1; fi
    else
      t1=$(date +%s%N); err=-; failed=1
      status="FAIL: $(tail -n 1 "$d/pjrt.log" | cut -c1-80)"
    fi
    # `run` prints its own timings; take them when it does, else show only the wall time.
    compile=$(grep -oiE 'compile[^0-9]{0,20}[0-9]+(\.[0-9]+)? ?ms' "$d/pjrt.log" | head -n1 | grep -oE '[0-9]+(\.[0-9]+)?' | tail -n1 || true)
    execute=$(grep -oiE 'execut[a-z]*[^0-9]{0,20}[0-9]+(\.[0-9]+)? ?ms' "$d/pjrt.log" | head -n1 | grep -oE '[0-9]+(\.[0-9]+)?' | tail -n1 || true)
    rows+=("$(printf '%-28s %12s %12s %12s %10d  %s' "$name" "$err" "${compile:--}" "${execute:--}" $(((t1 - t0) / 1000000)) "$status")")
  done
  say ""
  printf '%-28s %12s %12s %12s %10s  %s\n' sample "max error" "compile ms" "execute ms" "wall ms" status
  if [ ${#rows[@]} -eq 0 ]; then say "(no prepared samples: samples/*.sy had none when --dry-run ran)"; fi
  for r in "${rows[@]}"; do say "$r"; done
  part2_on_device "$plugin" || failed=1
  exit $failed
}

part2_on_device() {
  local plugin=$1
  local java="$carry/jre/bin/java" p2="$carry/part2" py="$carry/python"
  local jx=("$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector -Xmx6g -cp "$carry/switchyard.jar" dev.switchyard.cli.DeviceCheck)
  local results="$carry/results" work="${TMPDIR:-/tmp}/device-check-work" status=0
  rm -rf "$results" "$work"
  mkdir -p "$results" "$work"
  say ""
  say "== part 2: partitioner check on 8 host CPU devices (JAX)"
  for form in shardy gspmd; do
    JAX_PLATFORMS=cpu timeout --kill-after=10 150 python3 "$py/partitioner.py" --artifact "$p2/partitioner/$form/artifact" \
      --arguments "$p2/partitioner/$form/arguments" --expected "$p2/partitioner/$form/expected" --inspect "$p2/partitioner/inspect.json" \
      --form "$form" --hlo-out "$results/partitioner_$form.hlo.txt" --out "$results/partitioner_$form.json" >"$work/partitioner_$form.log" 2>&1 \
      || { status=1; say "   $form: $(tail -n 1 "$work/partitioner_$form.log" | cut -c1-160)"; }
  done
  say "== part 2: the sparse sublayer, (a) our binding"
  "${jx[@]}" --write-arguments "$p2/sublayer/artifact" "$seed" "$work/sublayer-arguments" >/dev/null \
    && timeout --kill-after=10 150 "${jx[@]}" --time "$p2/sublayer/artifact" "$plugin" 50 "$results/switchyard_binding.json" >"$work/time.log" 2>&1 \
    || { status=1; say "   $(tail -n 1 "$work/time.log" 2>/dev/null | cut -c1-160)"; }
  say "== part 2: the sparse sublayer, (b) jax.jit and (c) our artifact through JAX's client"
  timeout --kill-after=10 200 python3 "$py/sublayer.py" --artifact "$p2/sublayer/artifact" --arguments "$work/sublayer-arguments" \
    --inspect "$p2/sublayer/inspect.json" --out "$results/sublayer_jax.json" >"$work/sublayer.log" 2>&1 \
    || { status=1; say "   $(tail -n 1 "$work/sublayer.log" | cut -c1-160)"; }
  say "== part 2: dispatch overhead"
  timeout --kill-after=10 60 "${jx[@]}" --dispatch "$plugin" 1000 "$results/dispatch_switchyard.json" >"$work/dispatch.log" 2>&1 || status=1
  timeout --kill-after=10 60 python3 "$py/dispatch.py" --iterations 1000 --out "$results/dispatch_jax.json" >"$work/dispatch_jax.log" 2>&1 || status=1
  say "== part 2: 2 processes sharing the GPU (memory_fraction, no preallocation)"
  multi_process_check "$plugin" "$results" "$work" || status=1
  python3 "$py/report.py" --results "$results" --out "$carry/report.json"
  if [ -n "${OUT:-}" ]; then cp "$carry/report.json" "$results"/*.hlo.txt "$OUT/" 2>/dev/null || true; fi
  return $status
}

case "$mode" in
  dry-run) prepare; print_plan ;;
  plan) prepare; print_plan; say ""; say "device-check: prepared; make the run call above from a session whose device status says can_start_another: true." ;;
  on-device) on_device ;;
  self-test)
    [ -x "$carry/jre/bin/java" ] && [ -d "$carry/part2" ] || prepare
    self_test_part2 ;;
esac
