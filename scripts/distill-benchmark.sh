#!/usr/bin/env bash
# Acceptance 4 of issue 15 (distillation) as a benchmark, on the embedded interpreter:
#   (a) trains the sparse teacher samples/distill_teacher.sy for TEACHER_STEPS steps,
#   (b) trains the dense student samples/distill_student.sy alone for STEPS steps,
#   (c) trains the same student with the teacher for STEPS steps (same seed, data order, schedule),
#   (d) the same as (c) at --distill-alpha 1: the teacher's initialisation without its soft targets,
# then prints each run's held-out eval loss (the same 1 % of data/corpus, 16 batches) and checks
# that the teacher's weights file is bitwise unchanged. Figures: docs/performance.md.
#
#   scripts/distill-benchmark.sh [OUT_DIR]     (env: TEACHER_STEPS=5000 STEPS=300 ALPHA=0.25 SEED=0;
#                                               TEACHER_WEIGHTS=FILE skips (a) and uses that teacher)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/distill-benchmark}"
teacher_steps="${TEACHER_STEPS:-5000}"
steps="${STEPS:-300}"
alpha="${ALPHA:-0.25}"
seed="${SEED:-0}"
sy="$root/switchyard"
common=(--data "$root/data/corpus" --warmup 100 --lr 0.1 --seed "$seed" --eval-batches 16 --log-every 100)

rm -rf "$out"
mkdir -p "$out"

eval_loss() { grep -o 'eval loss [0-9.]*' "$1" | tail -1 | awk '{print $3}'; }

run() { # name, then train arguments; prints the run's wall and CPU seconds
  local name="$1"; shift
  local t0 c0 t1 c1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$out/$name.time" "$sy" train "$@" --checkpoint-dir "$out/$name" "${common[@]}" >"$out/$name.log" 2>&1
  t1=$(date +%s.%N)
  echo "$name: eval loss $(eval_loss "$out/$name.log"), $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s wall,"\
       "$(awk '{printf "%.1f", $1+$2}' "$out/$name.time") s CPU"
}

if [ -n "${TEACHER_WEIGHTS:-}" ]; then
  weights="$TEACHER_WEIGHTS"
else
  run teacher "$root/samples/distill_teacher.sy" --steps "$teacher_steps"
  weights="$(ls -d "$out"/teacher/step_* | tail -1)/params.safetensors"
fi
before=$(sha256sum "$weights" | cut -d' ' -f1)
run student-alone "$root/samples/distill_student.sy" --steps "$steps"
run student-distilled "$root/samples/distill_student.sy" --steps "$steps" \
    --teacher "$root/samples/distill_teacher.sy" --teacher-weights "$weights" --distill-alpha "$alpha"
run student-teacher-init-only "$root/samples/distill_student.sy" --steps "$steps" \
    --teacher "$root/samples/distill_teacher.sy" --teacher-weights "$weights" --distill-alpha 1
after=$(sha256sum "$weights" | cut -d' ' -f1)
[ "$before" = "$after" ] && echo "teacher weights unchanged (sha256 $before)" || { echo "teacher weights CHANGED"; exit 1; }

alone=$(eval_loss "$out/student-alone.log")
distilled=$(eval_loss "$out/student-distilled.log")
awk -v a="$alone" -v d="$distilled" 'BEGIN{printf "distilled − alone: %+.4f (%s)\n", d-a, d < a ? "distillation helps" : "distillation does NOT help"}'
