#!/usr/bin/env bash
# Fetches the CPU build of ONNX Runtime 1.30.0 for linux-x64 from the npm package onnxruntime-node
# (the only channel this machine can reach; Microsoft.ML.OnnxRuntime is not obtainable from NuGet here).
# Idempotent: does nothing when the library is already in place. Prints the library path.
set -euo pipefail

ORT_VERSION="1.30.0"
# sha256 of onnxruntime-node-1.30.0.tgz as served by the npm registry; a mismatch aborts.
ORT_TGZ_SHA256="6e3390d6b783e7be946fad629292799da28d0b42f84856e50d2c1b0383291e75"
LIB_IN_PACKAGE="package/bin/napi-v6/linux/x64/libonnxruntime.so.1"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest_dir="$repo_root/.tools/onnxruntime/$ORT_VERSION"
dest_lib="$dest_dir/libonnxruntime.so.1"

if [[ -f "$dest_lib" ]]; then
  echo "$dest_lib"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# npm pack only downloads the tarball: no dependency resolution, no install scripts.
(cd "$work" && npm pack --silent "onnxruntime-node@$ORT_VERSION" >/dev/null)
tgz="$work/onnxruntime-node-$ORT_VERSION.tgz"

actual="$(sha256sum "$tgz" | cut -d' ' -f1)"
if [[ "$actual" != "$ORT_TGZ_SHA256" ]]; then
  echo "sha256 mismatch for $tgz: expected $ORT_TGZ_SHA256, got $actual" >&2
  exit 1
fi

tar -xzf "$tgz" -C "$work" "$LIB_IN_PACKAGE"
mkdir -p "$dest_dir"
# Copy then rename so an interrupted run never leaves a truncated library behind.
cp "$work/$LIB_IN_PACKAGE" "$dest_lib.partial"
mv "$dest_lib.partial" "$dest_lib"
echo "$dest_lib"
