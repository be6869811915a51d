{{/*
The model-address Services per scaler (templates/model-services.yaml). Their selectors are the
actuator's ownership labels (packages/kube src/conventions.ts); tools/helm-check checks them against
the labels packages/kube's buildDeployment puts on the pods.
*/}}

{{/* Labels of a model-address Service: the chart's, with component "model" (not the scaler's: the metrics ServiceMonitor must not pick these). */}}
{{- define "infscale.modelServiceLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: model
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "infscale.modelServicePorts" -}}
ports:
  - name: http
    port: {{ .Values.services.port }}
    targetPort: {{ .Values.services.targetPort }}
    protocol: TCP
{{- end }}

{{/*
InfAdapter: one Service per configured variant, named like the variant's deployment (the scaler's
deploymentOf: <task>-<variant>; the chart requires infadapter.task), selecting that variant's pods. The
dispatcher's variantUrls point at them.
*/}}
{{- define "infscale.services.infadapter" -}}
{{- range .Values.infadapter.variants }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ printf "%s-%s" $.Values.infadapter.task .name }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "infscale.modelServiceLabels" $ | nindent 4 }}
    infscale.io/variant: {{ .name | quote }}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/managed-by: infscale
    infscale.io/scaler: infadapter
    infscale.io/variant: {{ .name | quote }}
  {{- include "infscale.modelServicePorts" $ | nindent 2 }}
{{- end }}
{{- end }}

{{/*
IPA: one Service per stage, named after the stage's targetRef (whose name prefixes the stage's
<targetRef.name>-<variant> deployments), selecting the pods of every variant of the stage: during a
make-before-break switch both the old and the new variant serve, afterwards only the new. The stage
queue's replicaUrls point at it and never change. And one Service per stage and variant, named like
that variant's deployment (_ipa.tpl infscale.ipa.deploymentName), selecting only its pods: when the
scaler splits a stage between two variants, the stage queue sends each variant's share there (its
--variant flags).
*/}}
{{- define "infscale.services.ipa" -}}
{{- range $index, $stage := .Values.ipa.stages }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $stage.targetRef.name }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "infscale.modelServiceLabels" $ | nindent 4 }}
    infscale.io/stage: {{ $stage.name | quote }}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/managed-by: infscale
    infscale.io/scaler: ipa
    infscale.io/stage: {{ $stage.name | quote }}
  {{- include "infscale.modelServicePorts" $ | nindent 2 }}
{{- range $variant := include "infscale.ipa.variantNames" (dict "stage" $stage "index" $index) | fromJsonArray }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "infscale.ipa.deploymentName" (dict "stage" $stage "variant" $variant) }}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "infscale.modelServiceLabels" $ | nindent 4 }}
    infscale.io/stage: {{ $stage.name | quote }}
    infscale.io/variant: {{ $variant | quote }}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/managed-by: infscale
    infscale.io/scaler: ipa
    infscale.io/stage: {{ $stage.name | quote }}
    infscale.io/variant: {{ $variant | quote }}
  {{- include "infscale.modelServicePorts" $ | nindent 2 }}
{{- end }}
{{- end }}
{{- end }}

{{/* Sponge: none. It resizes the user's own deployment, which keeps the user's own Service. */}}
{{- define "infscale.services.sponge" -}}
{{- end }}
