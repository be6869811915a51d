/**
 * THE PromQL catalogue: every query infscale sends to Prometheus is written in this file.
 *
 * Each template is overridable from config (`queries.<name>`), so the same scaler can read our data
 * plane, KServe/MLServer, TF-Serving or Triton. Placeholders, all filled in by query-template.ts:
 *
 * | placeholder           | becomes                                                       | where allowed       |
 * |-----------------------|---------------------------------------------------------------|---------------------|
 * | `{{namespace}}`       | the namespace, escaped                                        | inside "…" or '…'   |
 * | `{{deployment}}`      | one Deployment name, escaped (per-deployment templates only)  | inside "…" or '…'   |
 * | `{{deploymentRegex}}` | RE2 matching exactly the asked Deployment name(s): `a|b`      | inside "…" or '…'   |
 * | `{{podRegex}}`        | RE2 matching the pods of those Deployments: `(?:a|b)-<hash>-<id>` | inside "…" or '…' |
 * | `{{window}}`          | the range of rate()/increase(), e.g. `5s` (config `windows`)  | outside strings     |
 * | `{{quantile}}`        | 0.5, 0.95 or 0.99                                             | outside strings     |
 * | `{{stage}}`           | a pipeline stage's name, escaped (stageQueueLength only)      | inside "…" or '…'   |
 *
 * Label values never reach a query unescaped: each value is checked against the Kubernetes name
 * rules and then written with \x.. escapes, so `a"} or vector(1) #` matches a pod of that literal
 * name (none) instead of closing the selector. Placeholders inside backtick strings are rejected.
 *
 * Label conventions of the defaults: series carry `namespace` and `pod` (what the kubernetes-pods
 * scrape job and ServiceMonitors add), cAdvisor adds `container`, kube-state-metrics adds
 * `deployment`.
 *
 * Contract with the infscale data plane (packages/dataplane) and the emulator (packages/emulator):
 * - `infscale_model_requests_total` (counter): requests that arrived at a model server;
 * - `infscale_model_request_duration_seconds` (histogram): request latency at the model server;
 * - `infscale_edf_queue_length` (gauge): requests waiting in the EDF queue (Sponge) now;
 * - `infscale_edf_remaining_budget_seconds` (histogram): at each arrival, the request's remaining
 *   latency budget (SLO minus the network delay it already had), in seconds like every Prometheus
 *   duration; a bucket at le="0" collects the already-late ones. (Config `budgetBucketsUnit: 'ms'`
 *   reads a histogram whose `le` is in milliseconds, e.g. `infscale_edf_remaining_budget_ms`.)
 * - `infscale_stage_queue_length{stage}` (gauge): requests waiting in a stage's central queue
 *   (IPA's StageQueueService) now; IPA reads it at the pipeline's entry stage.
 * The proxies' own series use the prefixes infscale_dispatcher_, infscale_edf_, infscale_stage_.
 */

export type QueryName = 'arrivalRate' | 'latencyQuantile' | 'cpuPerPod' | 'readyReplicas' | 'queueLength' | 'remainingBudgetBuckets' | 'stageQueueLength';

export type Placeholder = 'namespace' | 'deployment' | 'deploymentRegex' | 'podRegex' | 'window' | 'quantile' | 'stage';

/** Placeholders that stand for label values, and so must sit inside a quoted string. */
export const STRING_PLACEHOLDERS: readonly Placeholder[] = ['namespace', 'deployment', 'deploymentRegex', 'podRegex', 'stage'];

/** What each template may use and what it must return. */
export const QUERY_SPECS: Record<QueryName, { placeholders: readonly Placeholder[]; returns: string }> = {
  arrivalRate: {
    placeholders: ['namespace', 'deploymentRegex', 'podRegex', 'window'],
    returns: 'requests per second arriving at the given deployments (summed if several series come back)',
  },
  latencyQuantile: {
    placeholders: ['namespace', 'deploymentRegex', 'podRegex', 'window', 'quantile'],
    returns: 'the latency quantile in milliseconds',
  },
  cpuPerPod: {
    placeholders: ['namespace', 'deployment', 'deploymentRegex', 'podRegex', 'window'],
    returns: 'mean CPU cores used per pod of one deployment',
  },
  readyReplicas: {
    placeholders: ['namespace', 'deployment', 'deploymentRegex', 'podRegex'],
    returns: 'ready replicas of one deployment',
  },
  queueLength: {
    placeholders: ['namespace', 'deploymentRegex', 'podRegex'],
    returns: 'requests waiting in the queue now',
  },
  remainingBudgetBuckets: {
    placeholders: ['namespace', 'deploymentRegex', 'podRegex', 'window'],
    returns: 'one series per `le` bucket: cumulative count of arrivals with remaining budget ≤ le over the window (le in config `budgetBucketsUnit`)',
  },
  // deploymentRegex/podRegex are the entry stage's model deployments (loadFrom), for a template that
  // reads a queue inside the model server instead of our stage queue.
  stageQueueLength: {
    placeholders: ['namespace', 'stage', 'deploymentRegex', 'podRegex'],
    returns: 'requests waiting now in the central queue of one pipeline stage (IPA sums its stages)',
  },
};

/** The defaults: our data plane and emulator, cAdvisor and kube-state-metrics. */
export const DEFAULT_QUERIES: Record<QueryName, string> = {
  arrivalRate: 'sum(rate(infscale_model_requests_total{namespace="{{namespace}}",pod=~"{{podRegex}}"}[{{window}}]))',
  latencyQuantile:
    'histogram_quantile({{quantile}}, sum by (le) (rate(infscale_model_request_duration_seconds_bucket{namespace="{{namespace}}",pod=~"{{podRegex}}"}[{{window}}]))) * 1000',
  cpuPerPod:
    'avg(sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="{{namespace}}",pod=~"{{podRegex}}",container!="",container!="POD"}[{{window}}])))',
  readyReplicas: 'sum(kube_deployment_status_replicas_ready{namespace="{{namespace}}",deployment="{{deployment}}"})',
  queueLength: 'sum(infscale_edf_queue_length{namespace="{{namespace}}",pod=~"{{podRegex}}"})',
  remainingBudgetBuckets: 'sum by (le) (increase(infscale_edf_remaining_budget_seconds_bucket{namespace="{{namespace}}",pod=~"{{podRegex}}"}[{{window}}]))',
  stageQueueLength: 'sum(infscale_stage_queue_length{namespace="{{namespace}}",stage="{{stage}}"})',
};

export type QueryPreset = 'infscale' | 'kserve-mlserver' | 'tf-serving' | 'triton';

/**
 * Starting points for other model servers: only the load and latency queries differ (CPU, replicas,
 * the EDF queue and the stage queue come from cAdvisor, kube-state-metrics and our proxies whatever
 * the server: IPA batches in our StageQueueService in front of any of them).
 * Check them against your server's /metrics: names change between versions and settings.
 */
export const QUERY_PRESETS: Record<QueryPreset, Partial<Record<QueryName, string>>> = {
  infscale: {},
  // MLServer's REST server metrics (starlette-exporter, prefix `rest_server`), seconds.
  'kserve-mlserver': {
    arrivalRate: 'sum(rate(rest_server_requests_total{namespace="{{namespace}}",pod=~"{{podRegex}}"}[{{window}}]))',
    latencyQuantile:
      'histogram_quantile({{quantile}}, sum by (le) (rate(rest_server_requests_duration_seconds_bucket{namespace="{{namespace}}",pod=~"{{podRegex}}"}[{{window}}]))) * 1000',
  },
  // TF-Serving with --monitoring_config_file (prometheus enabled); latency histogram in microseconds.
  'tf-serving': {
    arrivalRate: 'sum(rate(:tensorflow:serving:request_count{namespace="{{namespace}}",pod=~"{{podRegex}}"}[{{window}}]))',
    latencyQuantile:
      'histogram_quantile({{quantile}}, sum by (le) (rate(:tensorflow:serving:request_latency_bucket{namespace="{{namespace}}",pod=~"{{podRegex}}"}[{{window}}]))) / 1000',
  },
  // Triton exports cumulative durations, not histograms, by default: the mean stands in for every quantile.
  triton: {
    arrivalRate: 'sum(rate(nv_inference_request_success{namespace="{{namespace}}",pod=~"{{podRegex}}"}[{{window}}]))',
    latencyQuantile:
      'sum(rate(nv_inference_request_duration_us{namespace="{{namespace}}",pod=~"{{podRegex}}"}[{{window}}])) / sum(rate(nv_inference_request_success{namespace="{{namespace}}",pod=~"{{podRegex}}"}[{{window}}])) / 1000',
  },
};

/** Pods of a Deployment are named <deployment>-<pod-template-hash>-<5 random chars>. */
export const POD_SUFFIX_REGEX = '-[a-z0-9]+-[a-z0-9]+';
