{{/*
The request path of the chosen scaler (templates/proxies.yaml, dataplane.enabled): the proxies of
`infscale proxy <kind>` (tools/cli), each one Deployment of one pod and one ClusterIP Service. The
scaler's config points at them (_config.tpl): InfAdapter's quotas go to the dispatcher's
/admin/quotas, IPA's batch and replicas to each stage queue's /admin/stage, Sponge's cores and batch
to the EDF proxy's /admin/config. tools/helm-check parses every rendered args list with the CLI's own
flag parser. Named templates that need the root and an item take (dict "root" $ ...).
*/}}

{{- define "infscale.dataplane.dispatcherName" -}}
{{- printf "%s-dispatcher" (include "infscale.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "infscale.dataplane.routerName" -}}
{{- printf "%s-router" (include "infscale.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "infscale.dataplane.edfName" -}}
{{- printf "%s-edf" (include "infscale.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* (dict "root" $ "stage" <ipa stage>) */}}
{{- define "infscale.dataplane.queueName" -}}
{{- printf "%s-%s-queue" (include "infscale.fullname" .root) .stage.name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Base URL of a proxy's Service: (dict "root" $ "name" <object name>). */}}
{{- define "infscale.dataplane.url" -}}
{{- printf "http://%s:%d" .name (int .root.Values.dataplane.port) }}
{{- end }}

{{/* Base URL of a proxy's admin port, where the scaler POSTs: (dict "root" $ "name" <object name>). */}}
{{- define "infscale.dataplane.adminUrl" -}}
{{- printf "http://%s:%d" .name (int .root.Values.dataplane.adminPort) }}
{{- end }}

{{/* The Secret holding the proxies' admin token (templates/admin-token.yaml). */}}
{{- define "infscale.dataplane.adminSecretName" -}}
{{- printf "%s-admin-token" (include "infscale.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Where the proxies and the scaler find the token: the Secret mounted read-only. */}}
{{- define "infscale.dataplane.adminTokenDir" -}}
/etc/infscale/admin
{{- end }}

{{- define "infscale.dataplane.adminTokenFile" -}}
{{ include "infscale.dataplane.adminTokenDir" . }}/token
{{- end }}

{{/*
The admin token, base64 as a Secret's data holds it. Kept across upgrades: the token of the Secret
already in the cluster when there is one; a new random one on install (lookup finds nothing under
`helm template` or --dry-run, so those print a fresh token every time).
*/}}
{{- define "infscale.dataplane.adminToken" -}}
{{- with lookup "v1" "Secret" .Release.Namespace (include "infscale.dataplane.adminSecretName" .) -}}
{{- index .data "token" -}}
{{- else -}}
{{- randAlphaNum 48 | b64enc -}}
{{- end -}}
{{- end }}

{{/* The Secret as a volume (scaler and proxies): only its token key, readable by the pod's group. */}}
{{- define "infscale.dataplane.adminTokenVolume" -}}
- name: admin-token
  secret:
    secretName: {{ include "infscale.dataplane.adminSecretName" . }}
    items:
      - key: token
        path: token
    # 0440: the pod's user and fsGroup read it, nobody writes it.
    defaultMode: 288
{{- end }}

{{- define "infscale.dataplane.adminTokenMount" -}}
- name: admin-token
  mountPath: {{ include "infscale.dataplane.adminTokenDir" . }}
  readOnly: true
{{- end }}

{{/* InfAdapter's routing stage (the key of its quotas): the scaler's default unless the section sets one. */}}
{{- define "infscale.dataplane.infadapterStage" -}}
{{- default "main" .Values.infadapter.stage }}
{{- end }}

{{- define "infscale.dataplane.image" -}}
{{- printf "%s:%s" (default "infscale/dataplane" .Values.dataplane.image.repository) (default .Chart.AppVersion .Values.dataplane.image.tag) }}
{{- end }}

{{/*
Selector labels of one proxy's pod: (dict "root" $ "name" <object name>). component "dataplane", never
the scaler's component (the scaler's Deployment and metrics Service must not select them) and never the
actuator's ownership labels (the model Services and the scaler's current() must not see them).
*/}}
{{- define "infscale.dataplane.selectorLabels" -}}
{{ include "infscale.dataplane.componentLabels" .root }}
infscale.io/proxy: {{ .name }}
{{- end }}

{{/* Every proxy of the release (the data-plane ServiceMonitor's selector). */}}
{{- define "infscale.dataplane.componentLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: dataplane
{{- end }}

{{- define "infscale.dataplane.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{ include "infscale.dataplane.selectorLabels" . }}
infscale.io/proxy-kind: {{ .kind }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/*
One proxy: (dict "root" $ "name" <object name> "kind" <proxy kind> "args" <its flags, YAML list items>
"routing" <mount infscale-routing> "queue" <it holds requests: --max-queue>). Same pod conventions as the
scaler's Deployment (templates/deployment.yaml).
*/}}
{{- define "infscale.dataplane.proxy" -}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "infscale.dataplane.labels" . | nindent 4 }}
spec:
  # One pod: the settings the scaler POSTs (quotas, batch, cores) live in this process, and through a
  # Service a POST would reach only one of several.
  replicas: 1
  selector:
    matchLabels:
      {{- include "infscale.dataplane.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "infscale.dataplane.selectorLabels" . | nindent 8 }}
        infscale.io/proxy-kind: {{ .kind }}
      {{- with .root.Values.dataplane.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      # The proxies never call the Kubernetes API.
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: {{ .root.Values.dataplane.terminationGracePeriodSeconds }}
      {{- with .root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "infscale.podSecurityContext" .root | nindent 8 }}
      containers:
        - name: {{ .kind }}
          image: {{ include "infscale.dataplane.image" .root | quote }}
          imagePullPolicy: {{ .root.Values.dataplane.image.pullPolicy }}
          command: ["node", "tools/cli/bin/infscale.js"]
          args:
            - proxy
            - {{ .kind }}
            {{- .args | nindent 12 }}
            - --port
            - {{ .root.Values.dataplane.port | quote }}
            - --admin-port
            - {{ .root.Values.dataplane.adminPort | quote }}
            - --metrics-port
            - {{ .root.Values.dataplane.metricsPort | quote }}
            # Every interface, as the scaler calls from its own pod: hence the token, and the NetworkPolicy.
            - --admin-host
            - "0.0.0.0"
            - --admin-token-file
            - {{ include "infscale.dataplane.adminTokenFile" .root | quote }}
            - --max-body-bytes
            - {{ .root.Values.dataplane.maxBodyBytes | quote }}
            {{- with .root.Values.dataplane.upstreamTimeoutMs }}
            - --upstream-timeout-ms
            - {{ . | quote }}
            {{- end }}
            {{- if .queue }}
            - --max-queue
            - {{ .root.Values.dataplane.maxQueue | quote }}
            {{- end }}
            - --drain-timeout-ms
            - {{ .root.Values.dataplane.drainTimeoutMs | quote }}
          ports:
            # Requests and GET /healthz (503 while the upstream is wedged).
            - name: http
              containerPort: {{ .root.Values.dataplane.port }}
              protocol: TCP
            # GET /metrics for Prometheus, apart from the traffic.
            - name: metrics
              containerPort: {{ .root.Values.dataplane.metricsPort }}
              protocol: TCP
            # The scaler's /admin/* calls (bearer token), and GET /livez for the kubelet.
            - name: admin
              containerPort: {{ .root.Values.dataplane.adminPort }}
              protocol: TCP
          # /livez on the admin port for both: /healthz fails while the model server is wedged, and
          # neither a restart nor leaving the Service (one pod) would help that. The kubelet's probes
          # come from the node, which a NetworkPolicy never blocks.
          {{- include "infscale.probes" (dict "port" "admin" "ready" "/livez" "live" "/livez") | nindent 10 }}
          resources:
            {{- toYaml .root.Values.dataplane.resources | nindent 12 }}
          securityContext:
            {{- include "infscale.containerSecurityContext" .root | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- include "infscale.dataplane.adminTokenMount" .root | nindent 12 }}
            {{- if .routing }}
            - name: routing
              mountPath: /etc/infscale/routing
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- include "infscale.dataplane.adminTokenVolume" .root | nindent 8 }}
        {{- if .routing }}
        # The quotas the scaler publishes (it creates the ConfigMap on its first route; until then the
        # folder is empty): read at start, so a restarted dispatcher resumes them.
        - name: routing
          configMap:
            name: infscale-routing
            optional: true
        {{- end }}
      {{- with .root.Values.dataplane.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .root.Values.dataplane.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .root.Values.dataplane.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "infscale.dataplane.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "infscale.dataplane.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .root.Values.dataplane.port }}
      targetPort: http
      protocol: TCP
    - name: admin
      port: {{ .root.Values.dataplane.adminPort }}
      targetPort: admin
      protocol: TCP
    - name: metrics
      port: {{ .root.Values.dataplane.metricsPort }}
      targetPort: metrics
      protocol: TCP
{{- end }}

{{/*
InfAdapter: one dispatcher in front of the variants' Services, keyed by deployment name (<task>-<variant>,
the key of the scaler's quotas); every variant starts at quota 1 until the published quotas say otherwise.
*/}}
{{- define "infscale.dataplane.args.dispatcher" -}}
{{ range .Values.infadapter.variants -}}
- --variant
- {{ printf "%s-%s=http://%s-%s:%d" $.Values.infadapter.task .name $.Values.infadapter.task .name (int $.Values.services.port) | quote }}
{{ end -}}
- --quotas-file
- {{ printf "/etc/infscale/routing/%s" (include "infscale.dataplane.infadapterStage" .) | quote }}
{{- end }}

{{/*
IPA: (dict "root" $ "stage" <stage> "index" <its position>): the stage's Service as its one replica URL,
and each variant's Service by its deployment name (the key of the shares the scaler POSTs when it
splits the stage between two variants).
*/}}
{{- define "infscale.dataplane.args.stageQueue" -}}
- --stage
- {{ .stage.name | quote }}
- --replica
- {{ printf "http://%s:%d%s" .stage.targetRef.name (int .root.Values.services.port) .root.Values.dataplane.stageQueue.predictPath | quote }}
{{- $root := .root }}
{{- $stage := .stage }}
{{- range $variant := include "infscale.ipa.variantNames" (dict "stage" .stage "index" .index) | fromJsonArray }}
{{- $deployment := include "infscale.ipa.deploymentName" (dict "stage" $stage "variant" $variant) }}
- --variant
- {{ printf "%s=http://%s:%d%s" $deployment $deployment (int $root.Values.services.port) $root.Values.dataplane.stageQueue.predictPath | quote }}
{{- end }}
- --max-batch
- {{ .stage.maxBatch | quote }}
- --max-wait-ms
- {{ .root.Values.dataplane.stageQueue.maxWaitMs | quote }}
{{- end }}

{{/* IPA: the pipeline through the stage queues in order; drop as the scaler plans (infscale.ipa.dropAfterMs). */}}
{{- define "infscale.dataplane.args.router" -}}
- --pipeline
- {{ .Values.ipa.profile | quote }}
{{ range .Values.ipa.stages -}}
- --stage
- {{ printf "%s=%s" .name (include "infscale.dataplane.url" (dict "root" $ "name" (include "infscale.dataplane.queueName" (dict "root" $ "stage" .)))) | quote }}
{{ end -}}
- --drop-limit-ms
- {{ include "infscale.ipa.dropAfterMs" . | quote }}
{{- end }}

{{/* Sponge: the EDF proxy with the scaler's SLO and latency model; the hook sends cores and batch after each change. */}}
{{- define "infscale.dataplane.args.edf" -}}
- --upstream
- {{ default (printf "http://%s:%d/v1/models/%s:predict" .Values.sponge.targetRef.name (int .Values.services.port) .Values.sponge.targetRef.name) .Values.dataplane.edf.upstream | quote }}
- --slo-ms
- {{ toYaml .Values.sponge.slo.latencyMs | quote }}
- --late
- {{ .Values.dataplane.edf.late | quote }}
{{- with .Values.sponge.latencyModel }}
- --latency-model
- {{ printf "%s,%s,%s,%s" (toYaml .gamma) (toYaml .delta) (toYaml .epsilon) (toYaml .eta) | quote }}
{{- end }}
- --cores
- {{ default .Values.sponge.resourcePolicy.minCores .Values.dataplane.edf.cores | quote }}
{{- end }}

{{/* The objects per scaler (templates/proxies.yaml). */}}
{{- define "infscale.dataplane.objects.infadapter" -}}
{{ include "infscale.dataplane.proxy" (dict "root" . "name" (include "infscale.dataplane.dispatcherName" .) "kind" "dispatcher" "args" (include "infscale.dataplane.args.dispatcher" .) "routing" true) }}
{{- end }}

{{- define "infscale.dataplane.objects.ipa" -}}
{{ range $index, $stage := .Values.ipa.stages -}}
{{ include "infscale.dataplane.proxy" (dict "root" $ "name" (include "infscale.dataplane.queueName" (dict "root" $ "stage" $stage)) "kind" "stage-queue" "args" (include "infscale.dataplane.args.stageQueue" (dict "root" $ "stage" $stage "index" $index)) "queue" true) }}
{{ end -}}
{{ include "infscale.dataplane.proxy" (dict "root" . "name" (include "infscale.dataplane.routerName" .) "kind" "router" "args" (include "infscale.dataplane.args.router" .)) }}
{{- end }}

{{- define "infscale.dataplane.objects.sponge" -}}
{{ include "infscale.dataplane.proxy" (dict "root" . "name" (include "infscale.dataplane.edfName" .) "kind" "edf" "args" (include "infscale.dataplane.args.edf" .) "queue" true) }}
{{- end }}

{{/* Where clients send requests: the dispatcher, the router, the EDF proxy. */}}
{{- define "infscale.dataplane.entry.infadapter" -}}
{{ include "infscale.dataplane.dispatcherName" . }}
{{- end }}

{{- define "infscale.dataplane.entry.ipa" -}}
{{ include "infscale.dataplane.routerName" . }}
{{- end }}

{{- define "infscale.dataplane.entry.sponge" -}}
{{ include "infscale.dataplane.edfName" . }}
{{- end }}

{{/*
The scaler's config, per scaler, with the data plane on (_config.tpl). Every admin URL is the proxy's
admin port, and kubernetes.adminTokenFile the mounted token. InfAdapter: the dispatcher's admin URL
for its stage (kubernetes.routing.adminUrls). IPA: kubernetes.stageQueues, unless ipa.stageQueues is
set. Sponge: sponge.modelServerHook.urls unless set, and the EDF queue's metrics (queueLength,
remainingBudgetBuckets) read from the proxy's pods, not the model's, unless set.
*/}}
{{- define "infscale.dataplane.routing.infadapter" -}}
adminUrls:
  {{ include "infscale.dataplane.infadapterStage" . | quote }}: {{ include "infscale.dataplane.adminUrl" (dict "root" . "name" (include "infscale.dataplane.dispatcherName" .)) | quote }}
{{- end }}

{{- define "infscale.dataplane.routing.ipa" -}}
{{- end }}

{{- define "infscale.dataplane.routing.sponge" -}}
{{- end }}

{{- define "infscale.dataplane.stageQueues" -}}
{{ range .Values.ipa.stages -}}
{{ .name | quote }}: {{ include "infscale.dataplane.adminUrl" (dict "root" $ "name" (include "infscale.dataplane.queueName" (dict "root" $ "stage" .))) | quote }}
{{ end -}}
{{- end }}

{{- define "infscale.dataplane.edfHookUrl" -}}
{{- printf "%s/admin/config" (include "infscale.dataplane.adminUrl" (dict "root" . "name" (include "infscale.dataplane.edfName" .))) }}
{{- end }}

{{/* packages/metrics' default queries with the podRegex placeholder replaced by the EDF proxy's pods. */}}
{{- define "infscale.dataplane.queries.sponge" -}}
{{ if .Values.prometheus.queries.queueLength }}{{ else -}}
queueLength: {{ printf "sum(infscale_edf_queue_length{namespace=\"%s\",pod=~\"%s-[a-z0-9]+-[a-z0-9]+\"})" "{{namespace}}" (include "infscale.dataplane.edfName" .) | quote }}
{{ end -}}
{{ if .Values.prometheus.queries.remainingBudgetBuckets }}{{ else -}}
remainingBudgetBuckets: {{ printf "sum by (le) (increase(infscale_edf_remaining_budget_seconds_bucket{namespace=\"%s\",pod=~\"%s-[a-z0-9]+-[a-z0-9]+\"}[%s]))" "{{namespace}}" (include "infscale.dataplane.edfName" .) "{{window}}" | quote }}
{{ end -}}
{{ with .Values.prometheus.queries }}{{ toYaml . }}{{ end }}
{{- end }}

{{- define "infscale.dataplane.queries.infadapter" -}}
{{ toYaml .Values.prometheus.queries }}
{{- end }}

{{- define "infscale.dataplane.queries.ipa" -}}
{{ toYaml .Values.prometheus.queries }}
{{- end }}
