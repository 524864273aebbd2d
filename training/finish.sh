#!/usr/bin/env bash
# After training: evaluate on the test split, export the best checkpoint to assets/, regenerate the
# parity fixture. Run from the repo root: LIMIT=200 RUN=cpu1 ABLATION=l1only bash training/finish.sh
set -euxo pipefail
CK=training/checkpoints/${RUN:-cpu1}/best.pt
ABL=training/checkpoints/${ABLATION:-l1only}/best.pt
/usr/bin/python3 -m training.evaluate --checkpoint $CK --ablation $ABL --shards training/work/shards --out training/results --limit ${LIMIT:-240} --sheet-rows 8
/usr/bin/python3 -m training.export --checkpoint $CK --out assets
/usr/bin/python3 -m training.make_parity_fixture --checkpoint $CK
