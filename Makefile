# The two commands of the README are `make start` and `make test`.
.PHONY: start test mutation outdated lock lint

start:  ## install what is missing, migrate, run every Procfile process under supervisord (restarted if one exits; Ctrl-C stops all)
	scripts/start.sh

test:   ## install the test requirements and run every test
	scripts/test.sh

mutation:  ## mutation-test (mutmut) the modules that carry the promises against their fast tests; prints the scores (not part of `make test`)
	scripts/bootstrap.sh dev
	.venv/bin/python scripts/mutation.py $(MODULES)

outdated:  ## list direct dependencies that have a newer release on PyPI, and the UI's on npm
	scripts/bootstrap.sh dev
	.venv/bin/python scripts/outdated.py requirements.in requirements-dev.in
	scripts/npm.sh outdated || true  # exits 1 when something is outdated

lock:   ## re-pin requirements*.txt from requirements*.in
	scripts/bootstrap.sh dev
	.venv/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	.venv/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-dev.txt requirements-dev.in

lint:
	.venv/bin/ruff check .
