import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledDataDir } from './paths';
import { loadInfAdapterProfiles } from './infadapter';
import { loadIpaPipelines } from './ipa';
import { loadSpongeProfile } from './sponge';
import { DataError } from './data-error';

// Each test corrupts one bundled file in a private copy of the data folder and checks the error names it.
describe('corrupted or truncated data files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'infscale-profiles-'));
    for (const sub of ['infadapter', 'ipa', 'sponge']) cpSync(join(bundledDataDir, sub), join(dir, sub), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const edit = (rel: string, change: (text: string) => string) => {
    const file = join(dir, rel);
    writeFileSync(file, change(readFileSync(file, 'utf8')));
    return file;
  };

  it('a truncated capacity row names the file and row', () => {
    const file = edit('infadapter/profiling/capacity_result_Feb_21.csv', (t) => t.split('\n').slice(0, 6).join('\n').slice(0, -40));
    expect(() => loadInfAdapterProfiles(dir)).toThrow(new DataError(file, 6, undefined, 'expected 15 cells, found 9 (truncated or corrupted row?)'));
  });

  it('a non-numeric capacity names the row and field', () => {
    const file = edit('infadapter/profiling/capacity_result_Feb_21.csv', (t) =>
      t.replace('\n1,cpu,1,1G,18,1,1,1000000,1,1,750,389.09,19,', '\n1,cpu,1,1G,18,1,1,1000000,1,1,750,389.09,lots,'),
    );
    expect(() => loadInfAdapterProfiles(dir)).toThrow(`${file}, row 3, field "capacity": "lots" is not a number`);
  });

  it('a negative latency in an IPA profile names the row and field', () => {
    const file = edit('ipa/task_profiles_at_base_allocation.csv', (t) =>
      t.replace('video,0,yolo,crop,yolov5n,1,1,0.0880996', 'video,0,yolo,crop,yolov5n,1,1,-0.0880996'),
    );
    expect(() => loadIpaPipelines(dir)).toThrow(`${file}, row 2, field "latency_p99_s": -0.0880996 is outside [0, Infinity]`);
  });

  it('a bad settings value names the JSON field', () => {
    const file = edit('ipa/pipeline_settings.json', (t) => t.replace('"batching_cap": 8', '"batching_cap": -8'));
    expect(() => loadIpaPipelines(dir)).toThrow(new RegExp(`^${file.replace(/[/.]/g, '\\$&')}: video\\.batching_cap: .*got -8`));
  });

  it('a missing column names the column and the header it found', () => {
    const file = edit('sponge/profiling/resnet18_series303_load128rps.csv', (t) => t.replace('throughput_max', 'tput'));
    expect(() => loadSpongeProfile('resnet18', dir)).toThrow(`${file}, row 1, field "throughput_max": missing column`);
  });

  it('an empty file says so', () => {
    const file = edit('sponge/profiling/yolov5s_series1_load16rps.csv', () => '');
    expect(() => loadSpongeProfile('yolov5s', dir)).toThrow(`${file}: the file is empty`);
  });
});
