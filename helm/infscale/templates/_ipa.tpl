{{/*
IPA's per-variant names, shared by the model-address Services (_services.tpl) and the stage queues'
--variant flags (_dataplane.tpl). They must equal the deployment names the scaler gives each stage's
variants (packages/scalers src/ipa/ipa-pipeline.ts ipaDeploymentFor), the keys of the shares the
actuator POSTs to a stage queue; tools/helm-check compares them.
*/}}

{{/*
The stage's variant names as a JSON list: (dict "stage" <ipa stage> "index" <its position>). The chart
needs them listed (ipa.stages[].variants): it cannot read the bundled profile the scaler would fall
back to.
*/}}
{{- define "infscale.ipa.variantNames" -}}
{{- $names := list }}
{{- range (required (printf "ipa.stages[%d].variants (stage %s) is required by the chart: one Service per variant, named in its stage queue's --variant flags; list the stage's variants, e.g. [yolov5n, yolov5s]" (int .index) .stage.name) .stage.variants) }}
{{- if kindIs "map" . }}
{{- $names = append $names .name }}
{{- else }}
{{- $names = append $names . }}
{{- end }}
{{- end }}
{{- toJson $names }}
{{- end }}

{{/*
ipaDeploymentFor(stage, variant): "<targetRef.name>-<variant>" in lower case with every run of
characters other than [a-z0-9-] and of dashes made one dash, no dash at either end; past 63 characters,
its first 54 (less a trailing dash), a dash and 7 base-36 digits of the name's 32-bit hash
(h = h·31 + character code, the scaler's). (dict "stage" <ipa stage> "variant" <variant name>).
*/}}
{{- define "infscale.ipa.deploymentName" -}}
{{- $raw := regexReplaceAll "[^a-z0-9-]+" (lower (printf "%s-%s" .stage.targetRef.name .variant)) "-" }}
{{- $raw = regexReplaceAll "-+" $raw "-" | trimPrefix "-" | trimSuffix "-" }}
{{- if le (len $raw) 63 }}
{{- $raw }}
{{- else }}
{{- $digits := "0123456789abcdefghijklmnopqrstuvwxyz" }}
{{- $codes := dict "-" 45 }}
{{- range $i, $c := splitList "" $digits }}
{{- $_ := set $codes $c (ternary (add 48 $i) (add 87 $i) (lt $i 10)) }}
{{- end }}
{{- $h := 0 }}
{{- range $c := splitList "" $raw }}
{{- $h = mod (add (mul $h 31) (get $codes $c)) 4294967296 }}
{{- end }}
{{- $hash := "" }}
{{- range $p := list 2176782336 60466176 1679616 46656 1296 36 1 }}
{{- $d := mod (div $h $p) 36 }}
{{- $hash = printf "%s%s" $hash (substr (int $d) (int (add $d 1)) $digits) }}
{{- end }}
{{- printf "%s-%s" (substr 0 54 $raw | trimSuffix "-") $hash }}
{{- end }}
{{- end }}
