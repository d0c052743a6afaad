#!/usr/bin/env bash
# Cross-domain transfer on 28×28 images with the CLI (issue 17's convolutional pairs):
#   bash scripts/adapt-images.sh PAIR SEED OUT        PAIR: mnist-fashion | fashion-7-3
# Pretrains a source on 2,000 images (DiffAugment p = 0.5, the conv default), adapts it to N target images in
# each of $MODES for $ADAPT_STEPS steps, trains the same network from scratch on those N images for the conv
# default 1,500 steps, then prints the table (scripts/adapt-table.ts). Folders: OUT/source, OUT/nN-MODE (':'
# dropped, lora:8 → lora8), OUT/nN-scratch. Environment: MODES (default "all freeze-d lora:8 sigma"),
# ADAPT_STEPS (400), SOURCE_STEPS (1500), N (10). An interrupted source is resumed, not reused half-trained.
set -euo pipefail
pair=${1:?PAIR}; seed=${2:?SEED}; out=${3:?OUT}
modes=${MODES:-all freeze-d lora:8 sigma}; adapt_steps=${ADAPT_STEPS:-400}; source_steps=${SOURCE_STEPS:-1500}; n=${N:-10}
case $pair in
  mnist-fashion) from=(--data mnist); target=(--data fashion) ;;
  fashion-7-3) from=(--data fashion --classes 0-6); target=(--data fashion --classes 7-9) ;;
  *) echo "adapt-images: PAIR must be mnist-fashion or fashion-7-3, got '$pair'" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
lrgan() { "$root/node_modules/.bin/tsx" "$root/src/cli/main.ts" "$@"; }
if [ -f "$out/source/metrics.json" ]; then :
elif [ -f "$out/source/checkpoint.safetensors" ]; then lrgan train --resume --steps "$source_steps" --out "$out/source"
else lrgan train "${from[@]}" --n 2000 --seed "$seed" --augment-p 0.5 --steps "$source_steps" --out "$out/source"
fi
for mode in $modes; do
  lrgan adapt --from "$out/source/checkpoint.safetensors" "${target[@]}" --n "$n" --seed "$seed" --mode "$mode" --steps "$adapt_steps" --force --out "$out/n$n-${mode//:/}"
done
lrgan train "${target[@]}" --n "$n" --seed "$seed" --augment-p 0.5 --force --out "$out/n$n-scratch"
"$root/node_modules/.bin/tsx" "$root/scripts/adapt-table.ts" "$out"
