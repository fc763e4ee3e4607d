#!/usr/bin/env bash
# test.sh -- the whole test suite: installs what is missing, builds kg with
# AddressSanitizer and UndefinedBehaviorSanitizer and warnings as errors,
# and runs every unit and end-to-end test through ctest.
#
#   scripts/test.sh            # everything
#   scripts/test.sh -R extract # only tests matching a regex (ctest -R)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build=${KG_TEST_BUILD_DIR:-build-test}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DKG_WERROR=ON \
      -DKG_SANITIZE=address,undefined -DKG_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"
