#!/usr/bin/env bash
# Runs every ONNX model on CUDA and on CPU through Matchcut.Onnx, compares the outputs (max |diff|, cosine) and
# prints frames/s per model and provider (bench/Matchcut.GpuCheck). Exit 0 only when every model ran on CUDA (no
# fallback) and agrees with CPU. The models: ../shared/models (or MATCHCUT_MODELS / --models), every *.onnx there,
# so a ResNet18 export dropped in that folder is checked too.
#
#   scripts/gpu-check.sh [--runs N] [--models DIR]   machine with the .NET SDK and an NVIDIA GPU (CUDA 13, cuDNN 9)
#   scripts/gpu-check.sh --cpu-only [--runs N]       anywhere: CPU twice (checks the tool and the script, not CUDA)
#
# The device machine has no .NET and no registry, and carries at most 64 MiB per call: pack here, then send the
# pieces over consecutive calls while it stays warm (docs/models.md, "Checking the GPU path"):
#   scripts/gpu-check.sh pack              here: .gpu-check/app.tar.gz (self-contained GPU build + models, without
#                                          the CUDA provider) and .gpu-check/cuda-provider.gz.NN (the provider, split)
#   scripts/gpu-check.sh device-receive    there: keeps the carried provider pieces in /tmp/matchcut-gpu-check
#   scripts/gpu-check.sh device-run        there: reassembles the provider outside the work tree, checks its sha256,
#                                          finds the CUDA/cuDNN libraries of the Python environment, runs the check
set -euo pipefail
cd "$(dirname "$0")/.."

PROJECT=bench/Matchcut.GpuCheck/Matchcut.GpuCheck.csproj
PACK=.gpu-check
DEVICE_DIR=/tmp/matchcut-gpu-check
PROVIDER=libonnxruntime_providers_cuda.so
PART_BYTES=$((56 * 1024 * 1024))   # leaves room for the work tree in a 64 MiB call

die() { echo "gpu-check: $*" >&2; exit 1; }

receive_parts() {
  mkdir -p "$DEVICE_DIR/parts"
  local n=0
  for part in "$PACK"/cuda-provider.gz.*; do
    [ -f "$part" ] || continue
    cp "$part" "$DEVICE_DIR/parts/" && n=$((n + 1))
  done
  echo "gpu-check: $n provider piece(s) received; held: $(ls "$DEVICE_DIR/parts" | tr '\n' ' ')"
}

# Directories of the CUDA 13 / cuDNN 9 libraries: the Python environment's nvidia-* wheels, the toolkit, the driver.
cuda_library_path() {
  local dirs=() root
  if command -v python3 >/dev/null; then
    for root in $(python3 -c 'import nvidia; print(" ".join(nvidia.__path__))' 2>/dev/null); do
      while IFS= read -r d; do dirs+=("$d"); done < <(find "$root" -name 'lib*.so*' -printf '%h\n' | sort -u)
    done
  fi
  for d in /usr/local/cuda/lib64 /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && dirs+=("$d"); done
  (IFS=:; echo "${dirs[*]}")
}

case "${1:-}" in
  pack)
    rm -rf "$PACK/stage" "$PACK"/*.gz* "$PACK/manifest"
    mkdir -p "$PACK/stage"
    dotnet publish "$PROJECT" -c Release -r linux-x64 --self-contained -p:OnnxRuntimeFlavor=Gpu \
      --artifacts-path "$PACK/build" -o "$PACK/stage/app" -v q -nologo
    models="${MATCHCUT_MODELS:-../shared/models}"
    [ -d "$models" ] || die "no models folder at $models (set MATCHCUT_MODELS)"
    mkdir -p "$PACK/stage/models" && cp "$models"/*.onnx "$PACK/stage/models/"
    mv "$PACK/stage/app/$PROVIDER" "$PACK/$PROVIDER"
    echo "provider_sha256=$(sha256sum "$PACK/$PROVIDER" | cut -d' ' -f1)" > "$PACK/manifest"
    # gzip: fast here and always there to undo (gzip, or Python's gzip module).
    gzip -6 -c "$PACK/$PROVIDER" | split -b "$PART_BYTES" -d - "$PACK/cuda-provider.gz."
    rm "$PACK/$PROVIDER"
    echo "provider_parts=\"$(cd "$PACK" && ls cuda-provider.gz.* | tr '\n' ' ')\"" >> "$PACK/manifest"
    tar -C "$PACK/stage" -czf "$PACK/app.tar.gz" app models && rm -rf "$PACK/stage"
    ls -l "$PACK"/app.tar.gz "$PACK"/cuda-provider.gz.*
    echo "gpu-check: carry each .gpu-check/cuda-provider.gz.NN in its own call running 'scripts/gpu-check.sh device-receive';"
    echo "           then carry .gpu-check/app.tar.gz and .gpu-check/manifest in a call running 'scripts/gpu-check.sh device-run'"
    ;;
  device-receive)
    receive_parts
    ;;
  device-run)
    shift
    receive_parts
    [ -f "$PACK/manifest" ] && [ -f "$PACK/app.tar.gz" ] || die "carry .gpu-check/app.tar.gz and .gpu-check/manifest in this call"
    # shellcheck disable=SC1090
    . "$PACK/manifest"
    for part in $provider_parts; do [ -f "$DEVICE_DIR/parts/$part" ] || die "provider piece $part missing: carry it with device-receive first"; done
    rm -rf "$DEVICE_DIR/app" "$DEVICE_DIR/models"
    tar -C "$DEVICE_DIR" -xzf "$PACK/app.tar.gz"
    (cd "$DEVICE_DIR/parts" && cat $provider_parts) | gzip -dc > "$DEVICE_DIR/app/$PROVIDER"
    echo "$provider_sha256  $DEVICE_DIR/app/$PROVIDER" | sha256sum -c --quiet - || die "reassembled provider does not match its sha256"
    export LD_LIBRARY_PATH="$(cuda_library_path)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    missing=$(ldd "$DEVICE_DIR/app/$PROVIDER" | grep 'not found' || true)
    [ -z "$missing" ] || die "the CUDA provider's libraries are not all found (LD_LIBRARY_PATH=$LD_LIBRARY_PATH): $missing"
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
    exec "$DEVICE_DIR/app/Matchcut.GpuCheck" --models "$DEVICE_DIR/models" "$@"
    ;;
  *)
    cpu_only=false
    args=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --cpu-only) cpu_only=true ;;
        *) args+=("$1") ;;
      esac
      shift
    done
    if $cpu_only; then
      dotnet build "$PROJECT" -c Release -v q -nologo
      exec dotnet "bench/Matchcut.GpuCheck/bin/Release/net10.0/Matchcut.GpuCheck.dll" --providers cpu,cpu "${args[@]}"
    fi
    # The GPU flavour builds under its own artifacts folder, so the checkout's CPU obj/ and bin/ stay as they are.
    dotnet build "$PROJECT" -c Release -p:OnnxRuntimeFlavor=Gpu --artifacts-path "$PACK/build" -v q -nologo
    export LD_LIBRARY_PATH="$(cuda_library_path)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    exec dotnet "$PACK/build/bin/Matchcut.GpuCheck/release/Matchcut.GpuCheck.dll" --providers cuda,cpu "${args[@]}"
    ;;
esac
