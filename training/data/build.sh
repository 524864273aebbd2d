#!/usr/bin/env bash
# Rebuild the Deepcolor training set from npm + Debian packages (see training/DATA.md).
#   bash training/data/build.sh            # full build -> training/work/shards, training/manifest.csv
#   bash training/data/build.sh --tiny     # CI sample (48 DiceBear avatars) -> training/work/tiny/shards
# Needs: node + npm, apt-get (download only, no root install), dpkg-deb, rsvg-convert (librsvg2-bin),
# and Debian's python3 with numpy, opencv, pillow.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec nice -n 10 /usr/bin/python3 -m training.data.build "$@"
