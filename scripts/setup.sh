#!/usr/bin/env bash
# Installs what matchcut needs on a fresh Debian machine (idempotent): ffmpeg for media, plus the test peers asked
# for by name (rabbitmq, chromium, gnuplot, ocr). NuGet packages (ONNX Runtime among them) come with `dotnet restore`. Run as root or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v ffmpeg >/dev/null 2>&1 || need_apt+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need_apt+=(ffmpeg)
for extra in "$@"; do
  case "$extra" in
    rabbitmq) command -v rabbitmq-server >/dev/null 2>&1 || need_apt+=(rabbitmq-server) ;;
    # The review page's browser tests drive Debian's chromium through Playwright; the Playwright driver (with its
    # own node) comes in the Microsoft.Playwright NuGet package, and no browser is downloaded.
    chromium) command -v chromium >/dev/null 2>&1 || need_apt+=(chromium fonts-dejavu-core) ;;
    gnuplot) command -v gnuplot >/dev/null 2>&1 || need_apt+=(gnuplot-nox) ;;
    ocr) ;; # after the apt packages: scripts/ocr-models.sh
  esac
done
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${need_apt[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
for extra in "$@"; do
  [ "$extra" = ocr ] && scripts/ocr-models.sh
done
exit 0
