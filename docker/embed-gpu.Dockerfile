# syntax=docker/dockerfile:1
# EmbedGpu on NVIDIA GPUs: CUDA + cuDNN runtime, the .NET runtime copied from the official ASP.NET image, ffmpeg
# for frame sampling. ONNX Runtime comes from NuGet: the build publishes with -p:OnnxRuntimeFlavor=Gpu, so the app
# carries Microsoft.ML.OnnxRuntime.Gpu.Linux (libonnxruntime.so with libonnxruntime_providers_cuda.so beside it)
# INSTEAD of the CPU package; shared/Matchcut.Onnx never references both. The CPU-only embed image comes from
# docker/service.Dockerfile; this one exists because CUDA cannot be added to the Microsoft images without
# rebuilding most of them.
#
#   docker build -f docker/embed-gpu.Dockerfile -t matchcut/embed-gpu .
#
# Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0 is built against CUDA 13 (libcudart.so.13, libcublas.so.13) and
# cuDNN 9: the runtime image must carry the same majors.

ARG DOTNET_VERSION=10.0
ARG CUDA_IMAGE=nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG PROJECT=services/EmbedGpu/Matchcut.EmbedGpu.csproj
WORKDIR /src
# See service.Dockerfile: nuget.config's offline feed must exist, even empty.
RUN mkdir -p /opt/nuget/packages
COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish "${PROJECT}" -c Release -o /app -p:UseAppHost=true -p:OnnxRuntimeFlavor=Gpu \
 && test -f /app/runtimes/linux-x64/native/libonnxruntime_providers_cuda.so \
 && ln -s "$(basename "${PROJECT}" .csproj)" /app/service

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS dotnet

FROM ${CUDA_IMAGE} AS runtime
# .NET needs libssl and CA certificates for TLS (S3, RabbitMQ over TLS); no ICU since the projects run with
# InvariantGlobalization. ffmpeg samples frames; curl serves the HEALTHCHECK.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 zlib1g curl ffmpeg \
 && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
# The same non-root UID as the ASP.NET images' `app` user, so one chart securityContext fits every pod.
RUN groupadd --gid 1654 app && useradd --uid 1654 --gid 1654 --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /app .
# CUDA is asked for by configuration and fails loudly (ExecutionProviderUnavailableException) when it cannot load;
# Onnx__AllowCpuFallback=true would let it run on CPU instead.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_ROOT=/usr/share/dotnet \
    Media__ScratchFolder=/tmp/matchcut \
    Storage__S3__LocalCacheFolder=/tmp/matchcut-s3-cache \
    Onnx__ExecutionProvider=Cuda \
    Models__Folder=/models \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
EXPOSE 8080
USER 1654
# Model load on a cold GPU takes a while: a generous start period before failures count.
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
  CMD curl -fsS http://localhost:8080/alive || exit 1
ENTRYPOINT ["/app/service"]
