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
# when present). The self-test below runs the device-side paths on this JRE, so a missing module
# shows up here, not on the device.
jre_modules=java.base,java.logging,java.sql,java.xml,jdk.unsupported,jdk.incubator.vector

mode=plan
case "${1:-}" in
  --dry-run) mode=dry-run ;;
  --on-device) mode=on-device ;;
  "") mode=plan ;;
  -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
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
  exit $failed
}

case "$mode" in
  dry-run) prepare; print_plan ;;
  plan) prepare; print_plan; say ""; say "device-check: prepared; make the run call above from a session whose device status says can_start_another: true." ;;
  on-device) on_device ;;
esac
