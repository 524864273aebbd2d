#!/usr/bin/env bash
# After training: evaluate on the test split, export the chosen checkpoint to assets/, regenerate the
# parity fixture. Run from the repo root:
#   LIMIT=200 RUN=fill3 ABLATION=l1fill3 WHICH=last bash training/finish.sh
# WHICH picks best.pt (the run's own choice by validation) or last.pt (the final EMA).
set -euxo pipefail
CK=training/checkpoints/${RUN:-fill3}/${WHICH:-best}.pt
ABL=training/checkpoints/${ABLATION:-l1fill3}/${WHICH:-best}.pt
/usr/bin/python3 -m training.evaluate --checkpoint $CK --ablation $ABL --shards training/work/shards --out training/results --limit ${LIMIT:-240} --sheet-rows 8
/usr/bin/python3 -m training.export --checkpoint $CK --out assets
/usr/bin/python3 -m training.make_parity_fixture --checkpoint $CK
