{{/*
The document the scaler reads with --config /etc/infscale/config.yaml. Shaped like the objects users
already write: a VPA's targetRef and resourcePolicy, a KEDA Prometheus trigger's serverAddress, auth
and query. Secrets never enter it: auth and TLS name files mounted from Secrets.
*/}}
{{- define "infscale.config" -}}
apiVersion: infscale.io/v1alpha1
kind: ScalerConfig
metadata:
  name: {{ include "infscale.fullname" . }}
  namespace: {{ .Release.Namespace }}
spec:
  scaler: {{ .Values.scaler }}
  {{- toYaml (required (printf "values: %s (the settings of the chosen scaler) is required" .Values.scaler) (index .Values .Values.scaler)) | nindent 2 }}
  server:
    port: {{ .Values.metrics.port }}
  prometheus:
    serverAddress: {{ required "prometheus.serverAddress is required" .Values.prometheus.serverAddress | quote }}
    namespace: {{ .Release.Namespace }}
    timeoutMs: {{ .Values.prometheus.timeoutMs }}
    {{- with .Values.prometheus.auth }}
    auth:
      type: {{ .type }}
      secretDir: /var/run/secrets/infscale/prometheus-auth
    {{- end }}
    {{- with .Values.prometheus.tls }}
    tls:
      secretDir: /var/run/secrets/infscale/prometheus-tls
      insecureSkipVerify: {{ .insecureSkipVerify }}
    {{- end }}
    preset: {{ .Values.prometheus.preset }}
    headers:
      {{- toYaml .Values.prometheus.headers | nindent 6 }}
    queries:
      {{- toYaml .Values.prometheus.queries | nindent 6 }}
    windows:
      {{- toYaml .Values.prometheus.windows | nindent 6 }}
  actuator:
    dryRun: {{ .Values.actuator.dryRun }}
    leaderElection:
      enabled: {{ .Values.actuator.leaderElection.enabled }}
      leaseName: {{ include "infscale.leaseName" . }}
      leaseDurationSeconds: {{ .Values.actuator.leaderElection.leaseDurationSeconds }}
      identityFromEnv: POD_NAME
    routing:
      configMap: {{ .Values.actuator.routing.configMap }}
{{- end }}
