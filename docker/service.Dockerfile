# syntax=docker/dockerfile:1
# One image recipe for every matchcut service: the project to publish is a build argument, so the seven
# stages and the gateway share this file instead of near-identical copies. EmbedGpu on CUDA has its own
# (docker/embed-gpu.Dockerfile); this file also builds a CPU-only embed image.
#
#   docker build -f docker/service.Dockerfile \
#     --build-arg PROJECT=services/Ingest/Matchcut.Ingest.csproj --build-arg INSTALL_FFMPEG=true -t matchcut/ingest .
#
# Build context: the repository root (see .dockerignore).

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG PROJECT
WORKDIR /src
# nuget.config names a machine-local offline feed; NuGet fails on a local source that does not exist, so
# give it an empty one and let nuget.org serve everything.
RUN mkdir -p /opt/nuget/packages
COPY . .
RUN test -n "${PROJECT}" && test -f "${PROJECT}" || { echo "PROJECT must name a .csproj, got '${PROJECT}'" >&2; exit 1; }
# The cache mount keeps restored packages between builds, so copying the whole tree first costs little.
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish "${PROJECT}" -c Release -o /app -p:UseAppHost=true \
 && ln -s "$(basename "${PROJECT}" .csproj)" /app/service

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
# Stages that probe or decode video (ingest, standardized-encode, shot-segment, embed) need ffmpeg/ffprobe;
# the rest stay small. curl is for the HEALTHCHECK: the .NET images ship without curl or wget.
ARG INSTALL_FFMPEG=false
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && if [ "${INSTALL_FFMPEG}" = "true" ]; then apt-get install -y --no-install-recommends ffmpeg; fi \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# /tmp is the only place a service writes (scratch files, the S3 read cache); mount it writable (emptyDir or
# tmpfs) when the root filesystem is read-only.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_ROOT=/usr/share/dotnet \
    Media__ScratchFolder=/tmp/matchcut \
    Storage__S3__LocalCacheFolder=/tmp/matchcut-s3-cache
EXPOSE 8080
# The image's non-root `app` user (UID 1654, $APP_UID); numeric so Kubernetes can verify runAsNonRoot.
USER $APP_UID
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/alive || exit 1
# /app/service links to the published apphost, so one ENTRYPOINT serves whichever project was built.
ENTRYPOINT ["/app/service"]
