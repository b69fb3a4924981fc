{{/* Prefix of every object's name. */}}
{{- define "matchcut.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of one service's objects: <fullname>-<service>. Args: root, name. */}}
{{- define "matchcut.componentName" -}}
{{- printf "%s-%s" (include "matchcut.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object of a service. Args: root, name. */}}
{{- define "matchcut.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: matchcut
{{ include "matchcut.selectorLabels" . }}
{{- end -}}

{{/* Labels that select a service's pods; they never change after install. Args: root, name. */}}
{{- define "matchcut.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/*
Deep merge where the override wins even when it is false, 0 or "": sprig's mergeOverwrite skips such
values, which would make `autoscaling.minReplicas: 0` or `service.enabled: false` silently ineffective.
Args: base, override. Returns YAML (templates can only return strings).
*/}}
{{- define "matchcut.deepMerge" -}}
{{- $out := deepCopy (.base | default dict) -}}
{{- range $key, $value := .override -}}
{{- if and (kindIs "map" $value) (kindIs "map" (get $out $key)) -}}
{{- $_ := set $out $key (include "matchcut.deepMerge" (dict "base" (get $out $key) "override" $value) | fromYaml) -}}
{{- else -}}
{{- $_ := set $out $key $value -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* One service's settings: `default` overridden by its entry in `services`. Args: root, cfg. */}}
{{- define "matchcut.config" -}}
{{- include "matchcut.deepMerge" (dict "base" .root.Values.default "override" .cfg) -}}
{{- end -}}

{{/* How a service scales: "keda" (it has a queue and KEDA is on), "hpa", or "" (fixed replicas). Args: root, svc. */}}
{{- define "matchcut.scaler" -}}
{{- if .svc.autoscaling.enabled -}}
{{- if and .root.Values.keda.enabled .svc.queue -}}keda{{- else -}}hpa{{- end -}}
{{- end -}}
{{- end -}}

{{/* Image reference. Args: root, name, svc. */}}
{{- define "matchcut.image" -}}
{{- $image := .svc.image -}}
{{- printf "%s/%s:%s" $image.repository (default .name $image.name) (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* Percent-encodes a URI user or password: urlquery writes spaces as "+", which userinfo takes literally. */}}
{{- define "matchcut.userinfo" -}}
{{- urlquery . | replace "+" "%20" -}}
{{- end -}}

{{/* The Secret holding passwords and keys: the chart's own or an existing one. */}}
{{- define "matchcut.secretName" -}}
{{- if .Values.secrets.create -}}
{{- printf "%s-secrets" (include "matchcut.fullname" .) -}}
{{- else -}}
{{- required "secrets.existingSecret must name a Secret when secrets.create is false" .Values.secrets.existingSecret -}}
{{- end -}}
{{- end -}}

{{/*
Non-secret environment of a service, as a map: the dependencies' endpoints (the bucket is also the one s3://
sources must name), then default.env, then the service's env (later wins). Shared by the ConfigMap and the pod's checksum annotation. Args: root, svc.
*/}}
{{- define "matchcut.env" -}}
{{- $rabbit := .root.Values.endpoints.rabbitmq -}}
{{- $s3 := .root.Values.endpoints.s3 -}}
{{- $qdrant := .root.Values.endpoints.qdrant -}}
{{- $env := dict
  "Bus__RabbitMq__Host" $rabbit.host
  "Bus__RabbitMq__Port" $rabbit.port
  "Bus__RabbitMq__VirtualHost" $rabbit.virtualHost
  "Bus__RabbitMq__Username" $rabbit.username
  "Storage__S3__ServiceUrl" $s3.serviceUrl
  "Storage__S3__Region" $s3.region
  "Storage__S3__Bucket" $s3.bucket
  "Storage__S3__ForcePathStyle" $s3.forcePathStyle
  "Ingest__SourceBucket" $s3.bucket
  "Vectors__Qdrant__Url" $qdrant.url
  "Vectors__Qdrant__Collection" $qdrant.collection
-}}
{{- /* The gateway's YARP destinations: each cluster id in proxy.clusters goes to that chart service's in-cluster URL. */ -}}
{{- $root := .root -}}
{{- range $cluster, $target := (default dict (default dict .svc.proxy).clusters) -}}
{{- $targetCfg := required (printf "proxy.clusters.%s names %s, which is not under services" $cluster $target) (get $root.Values.services $target) -}}
{{- $t := include "matchcut.config" (dict "root" $root "cfg" $targetCfg) | fromYaml -}}
{{- if not $t.service.enabled -}}
{{- fail (printf "proxy.clusters.%s names %s, whose service.enabled is false" $cluster $target) -}}
{{- end -}}
{{- $_ := set $env (printf "ReverseProxy__Clusters__%s__Destinations__d1__Address" $cluster) (printf "http://%s:%v/" (include "matchcut.componentName" (dict "root" $root "name" $target)) $t.service.port) -}}
{{- end -}}
{{- range $key, $value := .svc.env -}}
{{- $_ := set $env $key $value -}}
{{- end -}}
{{- range $key, $value := $env }}
{{ $key }}: {{ $value | toString | quote }}
{{- end -}}
{{- end -}}
