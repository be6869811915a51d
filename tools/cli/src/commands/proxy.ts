import type { Command } from 'commander';
import { errorMessage, errorStack } from '@infscale/core';
import {
  DEFAULT_MAX_ADMIN_BODY_BYTES,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_QUEUE,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  MAX_BATCH_ANSWER_BYTES,
  MAX_BATCH_SIZE,
  MAX_CORES,
  MAX_IN_FLIGHT_PER_URL,
  MIN_CORES,
  WEDGED_AFTER_TIMEOUTS,
} from '@infscale/dataplane';
import type { Io } from '../program';
import type { RegisterCommand } from './index';
import { collect } from './proxy-flags';
import {
  DEFAULT_ADMIN_HOST,
  DEFAULT_ADMIN_PORT,
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_PORT,
  startProxy,
  type DispatcherFlags,
  type EdfFlags,
  type ProxyKind,
  type RouterFlags,
  type StageQueueFlags,
} from './proxy-services';

/**
 * The last resort, while a proxy serves: an error nothing else caught is logged as one JSON line and
 * the proxy keeps serving the other requests, instead of exiting and dropping all of them. Every
 * path in the proxies handles its own errors; a line here is a bug to report. Returns the remover.
 */
export function installSafetyNet(kind: ProxyKind, io: Io): () => void {
  const log = (event: string) => (err: unknown) => io.err(JSON.stringify({ event, proxy: kind, message: errorMessage(err), stack: errorStack(err) }));
  const onException = log('uncaught-exception');
  const onRejection = log('unhandled-rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}

/** Resolves with the first of the signals to arrive, and stops listening for them. */
export function nextSignal(signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handlers = signals.map((signal) => {
      const handler = () => {
        signals.forEach((s, i) => process.off(s, handlers[i] as () => void));
        resolve(signal);
      };
      process.on(signal, handler);
      return handler;
    });
  });
}

/** The process around a proxy: start, log ready, wait for SIGTERM/SIGINT, drain, log closed. */
async function serve(kind: ProxyKind, flags: DispatcherFlags | StageQueueFlags | RouterFlags | EdfFlags, io: Io): Promise<void> {
  const running = await startProxy(kind, flags);
  const removeSafetyNet = installSafetyNet(kind, io);
  const signal = nextSignal();
  io.out(
    JSON.stringify({
      event: 'ready',
      proxy: kind,
      url: running.url,
      adminUrl: running.adminUrl,
      metrics: `${running.metricsUrl}/metrics`,
      healthz: `${running.url}/healthz`,
    }),
  );
  const received = await signal;
  io.err(JSON.stringify({ event: 'draining', proxy: kind, signal: received, inFlight: running.service.inFlight }));
  await running.close();
  removeSafetyNet();
  io.out(JSON.stringify({ event: 'closed', proxy: kind }));
}

const mib = (bytes: number): string => `${bytes / 1024 / 1024} MiB`;

/**
 * The admin listener's options and the body limits, the proxies' and the emulator's: --admin-port (the
 * /admin/* endpoints apart from the traffic), --admin-host, --admin-token-file, --max-body-bytes
 * (`maxBodyHelp` says what it bounds), --max-admin-body-bytes.
 */
export function withAdminOptions(cmd: Command, maxBodyHelp: string): Command {
  return cmd
    .option(
      '--admin-port <n>',
      'admin port: the /admin/* endpoints the scaler calls, and GET /livez for the kubelet; the traffic port answers 404 on /admin/* (0: any free port)',
      DEFAULT_ADMIN_PORT,
    )
    .option('--admin-host <addr>', 'admin address; anything but a loopback address (127.0.0.1, ::1, localhost) needs --admin-token-file', DEFAULT_ADMIN_HOST)
    .option('--admin-token-file <path>', 'file holding the admin token: every admin call then needs the header Authorization: Bearer <token> (401 otherwise)')
    .option('--max-body-bytes <n>', `${maxBodyHelp}; larger: 413 (default ${mib(DEFAULT_MAX_BODY_BYTES)})`, String(DEFAULT_MAX_BODY_BYTES))
    .option(
      '--max-admin-body-bytes <n>',
      `largest admin body; larger: 413 (default ${mib(DEFAULT_MAX_ADMIN_BODY_BYTES)})`,
      String(DEFAULT_MAX_ADMIN_BODY_BYTES),
    );
}

function withListenOptions(cmd: Command, upstreamTimeoutDefault: string): Command {
  return withAdminOptions(
    cmd
      .option('--port <n>', 'traffic port: requests, GET /healthz, and GET /metrics unless --metrics-port is given (0: any free port)', DEFAULT_PORT)
      .option('--host <addr>', 'traffic address (0.0.0.0: every interface, as in a pod; 127.0.0.1: this machine only)', DEFAULT_HOST),
    'largest request body on the traffic port, and largest upstream answer per request',
  )
    .option(
      '--upstream-timeout-ms <ms>',
      `an upstream call not answered in full by then is cut off: 504, counted in infscale_proxy_upstream_timeouts_total; after ${WEDGED_AFTER_TIMEOUTS} in a row GET /healthz answers 503 (default: ${upstreamTimeoutDefault})`,
    )
    .option(
      '--metrics-port <n>',
      "a port of its own, on --host, for GET /metrics (and /healthz, /readyz), bounded like the scaler's metrics port; the traffic port then answers 404 on /metrics, so those who can send requests cannot read the counters (0: any free port; unset: /metrics on the traffic port)",
    )
    .option(
      '--drain-timeout-ms <ms>',
      'on SIGTERM/SIGINT, how long held requests may take to finish; the rest are answered 503, none is cut off',
      DEFAULT_DRAIN_TIMEOUT_MS,
    );
}

function withQueueOptions(cmd: Command): Command {
  return cmd
    .option(
      '--max-queue <n>',
      'requests held at most (waiting, or still sending their bodies); more are answered 503 at once, counted in infscale_proxy_rejected_total{reason="queue-full"}',
      String(DEFAULT_MAX_QUEUE),
    )
    .option(
      '--max-batch-answer-bytes <n>',
      `largest answer of the model server to one batch, whatever --max-body-bytes × batch, a whole number from 1 to ${MAX_BATCH_ANSWER_BYTES} (${mib(MAX_BATCH_ANSWER_BYTES)}); longer: 502 to each request of the batch`,
      String(MAX_BATCH_ANSWER_BYTES),
    );
}

export const registerProxy: RegisterCommand = (program: Command, io: Io) => {
  const proxy = program
    .command('proxy')
    .description(
      'Run a data-plane proxy as a process (InfAdapter\'s dispatcher, IPA\'s stage queue and router, Sponge\'s EDF proxy): logs one JSON line {"event":"ready","url":…,"adminUrl":…} when listening; serves requests and GET /healthz on --port, GET /metrics there too or on --metrics-port, the scaler\'s /admin/* endpoints on --admin-port; on SIGTERM/SIGINT stops accepting and answers every held request (served, or 503 past --drain-timeout-ms)',
    );

  withListenOptions(
    proxy
      .command('dispatcher')
      .description(
        "InfAdapter's dispatcher: forwards every request (path and body unchanged) to a variant picked by weighted quotas; the scaler sets quotas with POST /admin/quotas",
      )
      .option(
        '--variant <name=url>',
        'a variant and its base URL, e.g. resnet50=http://resnet-resnet50:8080 (repeat for each variant; at least one)',
        collect,
        [],
      )
      .option(
        '--quota <name=n>',
        'initial quota of a variant: requests per frame, a whole number ≥ 0 (repeatable; default 1 for every variant, an even split)',
        collect,
        [],
      )
      .option(
        '--quotas-file <path>',
        'JSON {"weights": {"<variant>": n}} read once at start when it exists, over --quota: the quotas the scaler last published (its infscale-routing ConfigMap mounted as a volume), so a restart resumes them; names without --variant are skipped',
      ),
    `${DEFAULT_UPSTREAM_TIMEOUT_MS} (the dispatcher knows no SLO)`,
  ).action((flags: DispatcherFlags) => serve('dispatcher', flags, io));

  withListenOptions(
    withQueueOptions(
      proxy
        .command('stage-queue')
        .description(
          'IPA\'s queue of one pipeline stage: POST / with a JSON input; inputs are batched ({"instances":[…]}) to the replicas; the scaler sets batch and replicas with POST /admin/stage',
        )
        .requiredOption('--stage <name>', "the stage's name (metrics label)")
        .option(
          '--replica <url>',
          "predict URL of a replica, or of a Service with the stage's replicas behind it, e.g. http://detector:8080 (repeatable; at least one)",
          collect,
          [],
        )
        .option(
          '--variant <name=url>',
          "predict URL of one variant of the stage by its deployment name, e.g. video-yolo-yolov5s=http://video-yolo-yolov5s:8080 (repeatable): where the stage sends that variant's share when the scaler splits it (shares in POST /admin/stage)",
          collect,
          [],
        )
        .requiredOption('--max-batch <n>', `largest batch sent to a replica, a whole number from 1 to ${MAX_BATCH_SIZE}`)
        .option('--max-wait-ms <ms>', 'longest a request waits for its batch to fill, from the oldest queued (default 1000)')
        .option(
          '--max-in-flight-per-url <n>',
          `batches in flight at once on each --replica URL, a whole number from 1 to ${MAX_IN_FLIGHT_PER_URL} (default 1; the replicas behind a Service URL)`,
        ),
    ),
    `${DEFAULT_UPSTREAM_TIMEOUT_MS} per batch (a stage queue knows no SLO)`,
  ).action((flags: StageQueueFlags) => serve('stage-queue', flags, io));

  withListenOptions(
    proxy
      .command('router')
      .description(
        'IPA\'s router: POST / carries an input through the stage queues in order (each answer is the next stage\'s input) and answers 504 {"error":"dropped"} past the drop limit',
      )
      .requiredOption('--pipeline <name>', "the pipeline's name (metrics label)")
      .option(
        '--stage <name=url>',
        'a stage and its stage-queue URL, e.g. detect=http://detect-queue:8080 (repeat in pipeline order; at least one)',
        collect,
        [],
      )
      .requiredOption('--drop-limit-ms <ms>', 'drop a request older than this since it entered the pipeline, a number > 0 (IPA: 5000–20000)'),
    '--drop-limit-ms, which cuts a stage call off anyway',
  ).action((flags: RouterFlags) => serve('router', flags, io));

  withListenOptions(
    withQueueOptions(
      proxy
        .command('edf')
        .description(
          "Sponge's EDF proxy in front of one model server: requests wait by deadline (sent-at + SLO, headers x-infscale-sent-at-ms and x-infscale-slo-ms), batches go to the server one at a time; answers carry x-infscale-deadline-ms; the scaler sets batch and cores with POST /admin/config",
        )
        .requiredOption('--upstream <url>', "the model server's predict URL (TF-Serving format), e.g. http://resnet:8080/v1/models/resnet:predict")
        .option('--slo-ms <ms>', 'SLO of requests without the x-infscale-slo-ms header, a number > 0', '1000')
        .option('--batch <n>', `batch size sent to the server, a whole number from 1 to ${MAX_BATCH_SIZE}`, '1')
        .option(
          '--late <policy>',
          'a request that cannot make its deadline: drop (answer 504 at once, and at its deadline while in service) or serve-late (after every on-time one)',
          'drop',
        )
        .option(
          '--latency-model <model>',
          'service-time model l(b,c) = gamma·b/c + delta·b + epsilon/c + eta in ms: sponge (the bundled ResNet18 fit) or gamma,delta,epsilon,eta',
          'sponge',
        )
        .option('--cores <n>', `cores of the model server now, for the latency model, a number from ${MIN_CORES} to ${MAX_CORES}`, '1'),
    ),
    "per batch, the later of --slo-ms and its latest request's deadline",
  ).action((flags: EdfFlags) => serve('edf', flags, io));
};
