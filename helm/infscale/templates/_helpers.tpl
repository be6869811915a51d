{{/*
Names and labels shared by every object. The release name is the object name, so two scalers in two
namespaces can share a release name and one namespace never holds two (one scaler per namespace).
*/}}
{{- define "infscale.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of the scaler's own pods. Deliberately NOT the actuator's ownership labels
(app.kubernetes.io/managed-by=infscale + infscale.io/scaler), so a scaler never selects itself.
*/}}
{{- define "infscale.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: {{ .Values.scaler }}
{{- end }}

{{- define "infscale.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "infscale.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "infscale.serviceAccountName" -}}
{{- default (include "infscale.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{/* The Lease the replicas elect a leader with; the Role may touch only this one. */}}
{{- define "infscale.leaseName" -}}
{{- printf "%s-leader" (include "infscale.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* One image per scaler, built from the repo's Dockerfile with --build-arg SCALER=<scaler>. */}}
{{- define "infscale.image" -}}
{{- printf "%s:%s" (default (printf "infscale/%s" .Values.scaler) .Values.image.repository) (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The pod identity of the scaler and of the proxies: non-root, the user's ids, seccomp. */}}
{{- define "infscale.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
fsGroup: {{ .Values.podSecurityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Every container's: not configurable on purpose, tools/helm-check asserts every field of it. */}}
{{- define "infscale.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* A ServiceMonitor: (dict "root" $ "name" <name> "selector" <matchLabels, YAML> "port" <port name>). */}}
{{- define "infscale.serviceMonitor" -}}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "infscale.labels" .root | nindent 4 }}
    {{- with .root.Values.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- .selector | nindent 6 }}
  namespaceSelector:
    matchNames:
      - {{ .root.Release.Namespace }}
  endpoints:
    - port: {{ .port }}
      path: /metrics
      interval: {{ .root.Values.serviceMonitor.interval }}
      scrapeTimeout: {{ .root.Values.serviceMonitor.scrapeTimeout }}
{{- end }}

{{/* Liveness on /healthz (or "live"), readiness on (dict "port" <port name> "ready" <path> ["live" <path>]). */}}
{{- define "infscale.probes" -}}
livenessProbe:
  httpGet:
    path: {{ default "/healthz" .live }}
    port: {{ .port }}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: {{ .ready }}
    port: {{ .port }}
  periodSeconds: 5
  failureThreshold: 2
{{- end }}

{{/* Prometheus credentials from the Secret as the env vars packages/runtime reads (never in the ConfigMap). */}}
{{- define "infscale.env.auth.bearer" -}}
- name: INFSCALE_PROMETHEUS_BEARER_TOKEN
  valueFrom:
    secretKeyRef: { name: {{ .secretName }}, key: token }
{{- end }}

{{- define "infscale.env.auth.basic" -}}
- name: INFSCALE_PROMETHEUS_USERNAME
  valueFrom:
    secretKeyRef: { name: {{ .secretName }}, key: username }
- name: INFSCALE_PROMETHEUS_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ .secretName }}, key: password }
{{- end }}
