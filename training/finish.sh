#!/usr/bin/env bash
# After training: evaluate on the test split (as trained; enlarged 2x, the scale the engine
# works at on an artist's page; and with rough strokes, one flat colour each as an artist
# paints them, in training/results/rough), export the chosen checkpoint to assets/, regenerate the parity
# fixture. Run from the repo root:
#   LIMIT=200 RUN=fill3 ABLATION=l1fill3 WHICH=last bash training/finish.sh
# WHICH picks best.pt (the run's own choice by validation) or last.pt (the final EMA).
# ABLATION_LABEL names the ablation's rows ("L1-only ablation" unless the ablation is the GAN twin).
set -euxo pipefail
CK=training/checkpoints/${RUN:-fill3}/${WHICH:-best}.pt
ABL=training/checkpoints/${ABLATION:-l1fill3}/${ABLATION_WHICH:-${WHICH:-best}}.pt
LABEL=${ABLATION_LABEL:-L1-only ablation}
/usr/bin/python3 -m training.evaluate --checkpoint $CK --ablation $ABL --ablation-label "$LABEL" --shards training/work/shards --out training/results --limit ${LIMIT:-240} --sheet-rows 8
/usr/bin/python3 -m training.evaluate --checkpoint $CK --ablation $ABL --ablation-label "$LABEL" --shards training/work/shards --out training/results/zoom2 --limit ${ZOOM_LIMIT:-100} --sheet-rows 6 --zoom 2
/usr/bin/python3 -m training.evaluate --checkpoint $CK --ablation $ABL --ablation-label "$LABEL" --shards training/work/shards --out training/results/rough --limit ${LIMIT:-240} --sheet-rows 8 --rough-strokes
/usr/bin/python3 -m training.export --checkpoint $CK --out assets
/usr/bin/python3 -m training.make_parity_fixture --checkpoint $CK
