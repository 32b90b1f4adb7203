#!/usr/bin/env bash
# Checks .github/workflows (and the local actions they use) with actionlint, built from Go modules
# by scripts/ci/build-actionlint.sh. actionlint also runs shellcheck on every `run:` step when it
# is installed (scripts/ci/install-packages.sh installs it). Where actionlint cannot be built (no
# Go toolchain), CI (CI=true) fails, and a local run says so and skips the check.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! actionlint=$(bash scripts/ci/build-actionlint.sh); then
  if [[ ${CI:-} == true ]]; then
    echo "check-workflows: actionlint could not be built (needs Go 1.26 and the Go module proxy)" >&2
    exit 1
  fi
  echo "check-workflows: skipped: actionlint could not be built (needs Go 1.26); CI runs it" >&2
  exit 0
fi
if ! command -v shellcheck >/dev/null; then
  echo "check-workflows: shellcheck is not installed: run steps are not checked" >&2
fi
"$actionlint" -version | head -n 1
"$actionlint"

# actionlint knows the inputs of popular actions only by tag; each action here is pinned to the
# full commit of a release, named in a comment, whose action.yml was read when it was pinned.
unpinned=$(grep -n -E '^\s*(- )?uses: ' .github/workflows/*.yml .github/actions/*/action.yml |
  grep -v -E 'uses: \./|uses: [^@ ]+@[0-9a-f]{40} # v[0-9]+\.[0-9]+\.[0-9]+$' || true)
if [[ -n $unpinned ]]; then
  echo "check-workflows: pin each action to a full commit SHA with its release as a comment" \
    "(uses: owner/name@<40 hex> # vX.Y.Z):" >&2
  echo "$unpinned" >&2
  exit 1
fi
workflows=(.github/workflows/*.yml)
echo "workflows: ${#workflows[@]} files pass actionlint; every action is pinned"
