#!/usr/bin/env bash
# Nabla vs PyTorch, interleaved, one table. See compare.py --help and README.md.
#   benchmarks/compare.sh --quick        # under 10 minutes: 1 thread, one round
#   benchmarks/compare.sh                # full: 3 rounds, 1 and 2 threads (~55 min; --rounds 2: ~40 min)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)   # the orchestration needs only the standard library
exec "$py" "$here/compare.py" "$@"
