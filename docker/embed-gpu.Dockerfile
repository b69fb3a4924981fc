# syntax=docker/dockerfile:1
# EmbedGpu on NVIDIA GPUs: CUDA + cuDNN runtime, the .NET runtime copied from the official ASP.NET image,
# ffmpeg for frame sampling, and the GPU build of ONNX Runtime (libonnxruntime.so with the CUDA provider).
# The CPU-only embed image comes from docker/service.Dockerfile; this one exists because CUDA cannot be
# added to the Microsoft images without rebuilding most of them.
#
#   docker build -f docker/embed-gpu.Dockerfile --build-arg ORT_SHA256=<sha256 of the tarball> -t matchcut/embed-gpu .
#
# ONNX Runtime: the `onnxruntime-linux-x64-gpu-<version>.tgz` asset of the microsoft/onnxruntime GitHub release
# (CUDA 12 / cuDNN 9 build). It carries lib/libonnxruntime.so*, libonnxruntime_providers_shared.so and
# libonnxruntime_providers_cuda.so; ORT loads the providers from the folder libonnxruntime.so is in.
# The version matches the CPU runtime Matchcut.Onnx is tested against. The sha256 pin has no default on
# purpose: take it from the release page or `sha256sum` of a download you trust, and keep it in CI's build args,
# so an unpinned tarball can never reach an image.

ARG DOTNET_VERSION=10.0
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG PROJECT=services/EmbedGpu/Matchcut.EmbedGpu.csproj
WORKDIR /src
# See service.Dockerfile: nuget.config's offline feed must exist, even empty.
RUN mkdir -p /opt/nuget/packages
COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish "${PROJECT}" -c Release -o /app -p:UseAppHost=true \
 && ln -s "$(basename "${PROJECT}" .csproj)" /app/service

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS onnxruntime
ARG ORT_VERSION=1.30.0
ARG ORT_SHA256=
ARG ORT_URL=https://github.com/microsoft/onnxruntime/releases/download/v${ORT_VERSION}/onnxruntime-linux-x64-gpu-${ORT_VERSION}.tgz
RUN test -n "${ORT_SHA256}" || { echo "ORT_SHA256 is required: the sha256 of ${ORT_URL}" >&2; exit 1; }
RUN curl -fsSL -o /tmp/ort.tgz "${ORT_URL}" \
 && echo "${ORT_SHA256}  /tmp/ort.tgz" | sha256sum -c - \
 && mkdir -p /opt/onnxruntime \
 && tar -xzf /tmp/ort.tgz -C /opt/onnxruntime --strip-components=1 \
 && test -f /opt/onnxruntime/lib/libonnxruntime_providers_cuda.so \
 && rm /tmp/ort.tgz

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS dotnet

FROM ${CUDA_IMAGE} AS runtime
# .NET needs libssl and CA certificates for TLS (S3, RabbitMQ over TLS); no ICU since the projects run with
# InvariantGlobalization. ffmpeg samples frames; curl serves the HEALTHCHECK.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 zlib1g curl ffmpeg \
 && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
COPY --from=onnxruntime /opt/onnxruntime/lib /opt/onnxruntime/lib
# The same non-root UID as the ASP.NET images' `app` user, so one chart securityContext fits every pod.
RUN groupadd --gid 1654 app && useradd --uid 1654 --gid 1654 --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /app .
# Onnx__LibraryPath is the option EmbedGpu binds; MATCHCUT_ORT_LIB serves tools that use Matchcut.Onnx directly.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_ROOT=/usr/share/dotnet \
    Media__ScratchFolder=/tmp/matchcut \
    Storage__S3__LocalCacheFolder=/tmp/matchcut-s3-cache \
    Onnx__LibraryPath=/opt/onnxruntime/lib/libonnxruntime.so.1 \
    Onnx__ExecutionProvider=Cuda \
    MATCHCUT_ORT_LIB=/opt/onnxruntime/lib/libonnxruntime.so.1 \
    LD_LIBRARY_PATH=/opt/onnxruntime/lib:${LD_LIBRARY_PATH} \
    Models__Folder=/models \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
EXPOSE 8080
USER 1654
# Model load on a cold GPU takes a while: a generous start period before failures count.
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
  CMD curl -fsS http://localhost:8080/alive || exit 1
ENTRYPOINT ["/app/service"]
