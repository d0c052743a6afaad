#!/usr/bin/env bash
# Cross-domain transfer on 28×28 images with the CLI (issue 17's convolutional pairs):
#   bash scripts/adapt-images.sh PAIR SEED OUT        PAIR: mnist-fashion | fashion-7-3
# Pretrains a source on 2,000 images, adapts it to 10 target images in each of $MODES for $ADAPT_STEPS
# steps, trains the same network from scratch on those 10 images, then prints the table
# (scripts/adapt-table.ts). Environment: MODES (default "all freeze-d lora:8 sigma"), ADAPT_STEPS (400),
# SOURCE_STEPS (1500), N (10).
set -euo pipefail
pair=${1:?PAIR}; seed=${2:?SEED}; out=${3:?OUT}
modes=${MODES:-all freeze-d lora:8 sigma}; adapt_steps=${ADAPT_STEPS:-400}; source_steps=${SOURCE_STEPS:-1500}; n=${N:-10}
case $pair in
  mnist-fashion) source=(--data mnist); target=(--data fashion) ;;
  fashion-7-3) source=(--data fashion --classes 0-6); target=(--data fashion --classes 7-9) ;;
  *) echo "adapt-images: PAIR must be mnist-fashion or fashion-7-3, got '$pair'" >&2; exit 2 ;;
esac
lrgan() { npx tsx src/cli/main.ts "$@"; }
[ -f "$out/source/checkpoint.safetensors" ] ||
  lrgan train "${source[@]}" --n 2000 --seed "$seed" --augment-p 0.5 --steps "$source_steps" --out "$out/source"
for mode in $modes; do
  lrgan adapt --from "$out/source/checkpoint.safetensors" "${target[@]}" --n "$n" --seed "$seed" --mode "$mode" --steps "$adapt_steps" --force --out "$out/n$n-$mode"
done
lrgan train "${target[@]}" --n "$n" --seed "$seed" --augment-p 0.5 --force --out "$out/n$n-scratch"
npx tsx scripts/adapt-table.ts "$out"
