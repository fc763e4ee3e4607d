#!/usr/bin/env bash
# install-deps.sh -- install the Debian packages kg needs that are missing.
#
# Idempotent: when every package is already installed it runs no apt-get
# at all. Run as root (or with sudo available). Set KG_DEPS_EXTRA to add
# packages (space separated).
set -euo pipefail

packages=(
    build-essential cmake pkg-config git
    librdf0-dev libraptor2-dev librasqal3-dev redland-utils raptor2-utils
    rasqal-utils libdb-dev
    libgraphviz-dev graphviz libigraph-dev python3-networkx
    libcmocka-dev libutf8proc-dev libmicrohttpd-dev nettle-dev
    libcurl4-gnutls-dev
    clang libclang-rt-14-dev
    python3 python3-rdflib
    libxml2-utils
    curl wrk chromium python3-sparqlwrapper python3-pandas
    jupyter-nbconvert python3-nbformat python3-ipykernel
    virtuoso-opensource-7-bin
)
# shellcheck disable=SC2206
packages+=(${KG_DEPS_EXTRA:-})

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
    sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
