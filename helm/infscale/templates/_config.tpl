{{/*
The document the scaler reads with --config /etc/infscale/config.yaml: packages/runtime's config
document {scaler, prometheus, kubernetes, server, loop} in the Kubernetes-style envelope the runtime
unwraps (apiVersion infscale.io/v1alpha1, kind ScalerConfig, spec). `scaler` is the chosen scaler's
values section as is (its pod template and images go to `kubernetes`). Secrets never enter it: the
Deployment maps them to INFSCALE_PROMETHEUS_* env vars from secretKeyRef, and the lease identity is
POD_NAME from the downward API. Apps and chart are tested together on every examples/ file.
*/}}
{{- define "infscale.config" -}}
apiVersion: infscale.io/v1alpha1
kind: ScalerConfig
metadata:
  name: {{ include "infscale.fullname" . }}
  namespace: {{ .Release.Namespace }}
spec:
  scaler:
    {{- toYaml (omit (required (printf "values: %s (the settings of the chosen scaler) is required" .Values.scaler) (index .Values .Values.scaler)) "template" "images" "stageQueues" "modelServerHook" "resizeReadinessGate") | nindent 4 }}
    {{- with include (printf "infscale.config.scaler.%s" .Values.scaler) . }}
    {{- . | nindent 4 }}
    {{- end }}
  prometheus:
    serverAddress: {{ required "prometheus.serverAddress is required" .Values.prometheus.serverAddress | quote }}
    namespace: {{ .Release.Namespace }}
    timeoutMs: {{ .Values.prometheus.timeoutMs }}
    {{- with .Values.prometheus.tls }}
    tls:
      insecureSkipVerify: {{ .insecureSkipVerify }}
    {{- end }}
    preset: {{ .Values.prometheus.preset }}
    headers:
      {{- toYaml .Values.prometheus.headers | nindent 6 }}
    queries:
    {{- if .Values.dataplane.enabled }}
      {{- include (printf "infscale.dataplane.queries.%s" .Values.scaler) . | trimSuffix "\n" | nindent 6 }}
    {{- else }}
      {{- toYaml .Values.prometheus.queries | nindent 6 }}
    {{- end }}
    windows:
      {{- toYaml .Values.prometheus.windows | nindent 6 }}
  kubernetes:
    namespace: {{ .Release.Namespace }}
    connection:
      mode: in-cluster
    leaderElection:
      enabled: {{ .Values.actuator.leaderElection.enabled }}
      leaseName: {{ include "infscale.leaseName" . }}
      leaseDurationSeconds: {{ .Values.actuator.leaderElection.leaseDurationSeconds }}
    routing:
      configMap: {{ .Values.actuator.routing.configMap }}
      {{- if .Values.dataplane.enabled }}
      {{- with include (printf "infscale.dataplane.routing.%s" .Values.scaler) . }}
      {{- . | nindent 6 }}
      {{- end }}
      {{- end }}
    {{- if .Values.dataplane.enabled }}
    # The proxies' admin token (the chart's Secret, mounted): sent with every admin POST.
    adminTokenFile: {{ include "infscale.dataplane.adminTokenFile" . | quote }}
    {{- end }}
    {{- include (printf "infscale.config.kubernetes.%s" .Values.scaler) . | nindent 4 }}
  server:
    port: {{ .Values.metrics.port }}
  loop:
    dryRun: {{ .Values.actuator.dryRun }}
{{- end }}

{{/* InfAdapter creates one deployment per variant: the pod template and each variant's image. */}}
{{- define "infscale.config.kubernetes.infadapter" -}}
template:
  {{- toYaml (required "infadapter.template (the variants' pod template) is required" .Values.infadapter.template) | nindent 2 }}
images: {
{{- range .Values.infadapter.variants }}{{ if .image }} {{ .name | quote }}: {{ .image | quote }},{{ end }}{{ end }} }
{{- end }}

{{/*
The chosen scaler's section goes to `scaler` as is, less template/images, IPA's stageQueues and Sponge's
resizeReadinessGate (they go to `kubernetes`) and Sponge's modelServerHook, whose urls default to the
EDF proxy's /admin/config with the data plane on. The scalers refuse fields they do not know.
*/}}
{{- define "infscale.config.scaler.infadapter" -}}
{{- end }}

{{- define "infscale.config.scaler.ipa" -}}
{{- end }}

{{/* The router's drop limit: ipa.dropAfterMs, else the SLA (values.yaml); the scaler decides nothing from it. */}}
{{- define "infscale.ipa.dropAfterMs" -}}
{{- .Values.ipa.dropAfterMs | default .Values.ipa.sla.latencyMs -}}
{{- end }}

{{- define "infscale.config.scaler.sponge" -}}
{{- with .Values.sponge.modelServerHook }}
modelServerHook:
  {{- with .timeoutMs }}
  timeoutMs: {{ . }}
  {{- end }}
  {{- if $.Values.dataplane.enabled }}
  tokenFile: {{ include "infscale.dataplane.adminTokenFile" $ | quote }}
  {{- end }}
  urls:
  {{- if .urls }}
    {{- toYaml .urls | nindent 4 }}
  {{- else if $.Values.dataplane.enabled }}
    - {{ include "infscale.dataplane.edfHookUrl" $ | quote }}
  {{- else }} []
  {{- end }}
{{- end }}
{{- end }}

{{/*
IPA creates <stage>-<variant> deployments on a variant switch (make-before-break). With stage queues
(ipa.stageQueues, else the chart's own with dataplane.enabled) the batch lives in each stage's StageQueueService (POST /admin/stage), which forms the batches: the
decided batch is then only annotated on the deployment (batchEnv: false, no rolling restart).
Without them the model server reads INFSCALE_BATCH_SIZE (batchEnv: true, a change rolls the pods).
*/}}
{{- define "infscale.config.kubernetes.ipa" -}}
template:
  {{- toYaml (required "ipa.template (the stages' pod template) is required" .Values.ipa.template) | nindent 2 }}
images:
  {{- toYaml .Values.ipa.images | nindent 2 }}
stageQueues:
{{- if .Values.ipa.stageQueues }}
  {{- toYaml .Values.ipa.stageQueues | nindent 2 }}
{{- else if .Values.dataplane.enabled }}
  {{- include "infscale.dataplane.stageQueues" . | trimSuffix "\n" | nindent 2 }}
{{- else }} {}
{{- end }}
batchEnv: {{ if .Values.ipa.stageQueues }}false{{ else if .Values.dataplane.enabled }}false{{ else }}true{{ end }}
{{- end }}

{{/*
Sponge creates nothing: it resizes its target deployment's pods in place, found by name. Its batch
reaches the EDF proxy through the model-server hook, so a batch change is only recorded (no restart).
With sponge.resizeReadinessGate the actuator also owns that pod condition (the Role then gets pods/status).
*/}}
{{- define "infscale.config.kubernetes.sponge" -}}
targets:
  - {{ .Values.sponge.targetRef.name }}
batchEnv: false
{{- with .Values.sponge.containerName }}
container: {{ . }}
{{- end }}
{{- with .Values.sponge.resizeReadinessGate }}
resizeReadinessGate: {{ . | quote }}
{{- end }}
{{- end }}
