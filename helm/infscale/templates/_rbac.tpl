{{/*
The Role's rules per scaler: exactly the calls packages/kube's KubernetesActuator makes for the actions
that scaler plans (helm/README.md explains each rule; tools/helm-check asserts these lists against the
code). Named resources wherever RBAC can check a name: it sees none on create or list.
*/}}

{{/* Rules every scaler needs: leader election and HPA-style events. */}}
{{- define "infscale.rbac.rules.common" -}}
# Leader election: create the Lease once, then read and renew (replace) only this release's.
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["create"]
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  resourceNames: [{{ include "infscale.leaseName" . | quote }}]
  verbs: ["get", "update"]
# HPA-style events (SuccessfulRescale, SuccessfulResize, ...) on the scaled objects; a repeat patches the count.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/*
InfAdapter and IPA own the deployments they run: they create a variant's deployment and delete the old
one (make-before-break), resize by a rolling restart (a template patch) and publish routing quotas in
infscale-routing. Called with (dict "root" $ "inPlace" bool): inPlace, a config that also resizes a
running variant's pods in place (InfAdapter's improved method), adds pods/resize and the pod read of a
dry run's resize.
*/}}
{{- define "infscale.rbac.rules.deploymentOwner" -}}
# Find owned deployments by label, read readiness, create a variant, re-template it (cores, batch), annotate its cores, delete the old one.
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "create", "patch", "delete"]
# Change replicas through the scale subresource, as the HPA does.
- apiGroups: ["apps"]
  resources: ["deployments/scale"]
  verbs: ["patch"]
{{- if .inPlace }}
# current() lists the pods of the owned deployments; an in-place resize lists a variant's pods and
# follows them (get: a dry run reads the pod it would resize).
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
# In-place CPU resize of a running variant's pods; the subresource accepts container resources only.
- apiGroups: [""]
  resources: ["pods/resize"]
  verbs: ["patch"]
{{- else }}
# current() lists the pods of the owned deployments.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
{{- end }}
# Routing quotas for the dispatchers: create once, then only that ConfigMap.
# (create cannot be limited by name: RBAC sees no name on create.)
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["configmaps"]
  resourceNames: ["infscale-routing"]
  verbs: ["get", "patch"]
{{ include "infscale.rbac.rules.common" .root }}
{{- end }}

{{/*
How InfAdapter's core changes reach the pods: infadapter.resize, else its method's default
(packages/scalers INFADAPTER_METHOD_DEFAULTS: improved, the default method, in-place-or-restart; paper, restart).
*/}}
{{- define "infscale.infadapter.resize" -}}
{{- $c := .Values.infadapter -}}
{{- if $c.resize }}{{ $c.resize }}{{ else if eq ($c.method | default "improved") "paper" }}restart{{ else }}in-place-or-restart{{ end -}}
{{- end }}

{{- define "infscale.rbac.rules.infadapter" -}}
{{ include "infscale.rbac.rules.deploymentOwner" (dict "root" . "inPlace" (ne (include "infscale.infadapter.resize" .) "restart")) }}
{{- end }}

{{/* IPA always plans restart (packages/scalers' IPA entry). */}}
{{- define "infscale.rbac.rules.ipa" -}}
{{ include "infscale.rbac.rules.deploymentOwner" (dict "root" . "inPlace" false) }}
{{- end }}

{{/*
Sponge changes one deployment it did not create (sponge.targetRef) and creates, deletes and routes
nothing: its writes to deployments are limited to that name.
*/}}
{{- define "infscale.rbac.rules.sponge" -}}
# current() lists deployments by infscale's ownership labels (list cannot be limited by name).
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list"]
# Read the target and its readiness; annotate its cores and batch, or patch its template (onResizeFailure: restart).
- apiGroups: ["apps"]
  resources: ["deployments"]
  resourceNames: [{{ .Values.sponge.targetRef.name | quote }}]
  verbs: ["get", "patch"]
# Add or remove pods of the target through the scale subresource, as the HPA does.
- apiGroups: ["apps"]
  resources: ["deployments/scale"]
  resourceNames: [{{ .Values.sponge.targetRef.name | quote }}]
  verbs: ["patch"]
# Find the target's pods by its selector and follow their resizes (get: a dry run reads the pod it would resize).
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
# In-place CPU resize; the subresource accepts container resources only.
- apiGroups: [""]
  resources: ["pods/resize"]
  verbs: ["patch"]
{{- if .Values.sponge.resizeReadinessGate }}
# The resize readiness gate: the pod condition sponge.resizeReadinessGate, False until a pod runs with the decided cores.
- apiGroups: [""]
  resources: ["pods/status"]
  verbs: ["patch"]
{{- end }}
# current() reads the routing quotas (it publishes none): without get the read is refused, not empty.
- apiGroups: [""]
  resources: ["configmaps"]
  resourceNames: ["infscale-routing"]
  verbs: ["get"]
{{ include "infscale.rbac.rules.common" . }}
{{- end }}
