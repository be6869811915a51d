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
