import { TemplateError } from './errors';
import { renderString } from './render-string';

const root = {
  Values: { name: 'web', port: 8080, ratio: 0.5, empty: '', list: ['a', 'b'], map: { b: 2, a: 1 }, nested: { x: { y: 'deep' } }, off: false, nothing: null },
  Release: { Name: 'rel', Namespace: 'ns' },
  Chart: { Name: 'chart', Version: '1.2.3' },
  Files: { Get: (p: unknown) => (p === 'files/a.json' ? '{"a": 1}\n' : '') },
};
const r = (source: string, partials?: Record<string, string>): string => renderString(source, root, partials);

describe('renderString: supported subset', () => {
  it.each([
    ['{{ .Values.name }}:{{ .Values.port }}', 'web:8080'],
    ['{{ .Release.Name }}/{{ .Release.Namespace }} {{ .Chart.Name }}-{{ .Chart.Version }}', 'rel/ns chart-1.2.3'],
    ['{{ .Values.missing }}|', '|'],
    ['{{ .Values.nested.x.y | quote }}', '"deep"'],
    ['{{ quote "a\\"b" }}', '"a\\"b"'],
    ['{{ .Values.empty | default "dflt" }} {{ .Values.name | default "dflt" }}', 'dflt web'],
    ['{{ default "d" .Values.off }}', 'd'],
    ['{{ printf "%s-%d-%%" .Values.name .Values.port }}', 'web-8080-%'],
    ['{{ printf "%s" "abcdefgh" | trunc 3 }}', 'abc'],
    ['{{ "name-" | trimSuffix "-" }}', 'name'],
    ['{{ index .Values.map "b" }}', '2'],
    ['{{ omit .Values.map "b" "c" | toYaml }}', 'a: 1'],
    ['{{ sha256sum "abc" }}', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['{{ .Files.Get "files/a.json" }}', '{"a": 1}\n'],
    ['{{ (printf "%s" .Values.name) | quote }}', '"web"'],
    ['{{ dict "b" .Values.port "a" .Values.name | toYaml }}', 'a: web\nb: 8080'],
    ['{{ "web" | b64enc }}', 'd2Vi'],
    ['{{ with lookup "v1" "Secret" "ns" "x" }}found{{ else }}none{{ end }}', 'none'],
  ])('%s', (source, expected) => {
    expect(r(source)).toBe(expected);
  });

  it('randAlphaNum gives n letters and digits, different each time', () => {
    const a = r('{{ randAlphaNum 48 }}');
    expect(a).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(r('{{ randAlphaNum 48 }}')).not.toBe(a);
  });

  it('trims whitespace on the marked side only, newlines included', () => {
    expect(r('a  \n  {{- .Values.name -}}  \n  b')).toBe('aweb' + 'b');
    expect(r('a\n{{- .Values.name }}\nb')).toBe('aweb\nb');
    expect(r('a\n{{ .Values.name -}}\n  b')).toBe('a\nwebb');
  });

  it('drops comments, with and without trim markers', () => {
    expect(r('a{{/* note */}}b {{- /* trimmed */ -}} c')).toBe('abc');
  });

  it('branches on Go truthiness with if / else if / else', () => {
    const t = '{{ if .Values.off }}1{{ else if .Values.empty }}2{{ else if .Values.list }}3{{ else }}4{{ end }}';
    expect(r(t)).toBe('3');
    expect(r('{{ if .Values.nothing }}x{{ else }}y{{ end }}{{ if 0 }}x{{ end }}')).toBe('y');
  });

  it('rebinds dot in with, and falls to else when empty', () => {
    expect(r('{{ with .Values.nested.x }}{{ .y }}{{ end }}')).toBe('deep');
    expect(r('{{ with .Values.empty }}x{{ else }}none{{ end }}')).toBe('none');
  });

  it('ranges over lists in order and maps by sorted key, with $ reaching the root', () => {
    expect(r('{{ range .Values.list }}{{ . }}-{{ $.Release.Name }};{{ end }}')).toBe('a-rel;b-rel;');
    expect(r('{{ range .Values.map }}{{ . }}{{ end }}')).toBe('12');
    expect(r('{{ range .Values.nothing }}x{{ else }}empty{{ end }}')).toBe('empty');
  });

  it('renders toYaml with sorted keys and no trailing newline, and indents like sprig', () => {
    expect(r('{{ toYaml .Values.map }}')).toBe('a: 1\nb: 2');
    expect(r('k:{{ toYaml .Values.list | nindent 2 }}')).toBe('k:\n  - a\n  - b');
    expect(r('{{ "x\n\ny" | indent 2 }}')).toBe('  x\n  \n  y');
    expect(r('{{ toYaml .Values.ratio }}')).toBe('0.5');
  });

  it('includes named templates from any file, with the argument as dot and $', () => {
    const partials = { '_h.tpl': '{{- define "t.name" -}}{{ .Release.Name }}-{{ $.Chart.Name }}{{- end }}{{ define "t.dot" }}[{{ . }}]{{ end }}' };
    expect(r('{{ include "t.name" . }} {{ include "t.dot" "v" }}', partials)).toBe('rel-chart [v]');
    expect(r('{{ include "t.name" . | quote }}', partials)).toBe('"rel-chart"');
    const withDict = { '_d.tpl': '{{ define "t.pair" }}{{ .root.Release.Name }}/{{ .item }}{{ end }}' };
    expect(r('{{ range .Values.list }}{{ include "t.pair" (dict "root" $ "item" .) }};{{ end }}', withDict)).toBe('rel/a;rel/b;');
  });
});

describe('renderString: fails loudly', () => {
  it.each([
    ['{{ .Values.name | upper }}', /unsupported function "upper"/],
    ['{{ template "x" . }}', /unsupported action \{\{ template \}\}/],
    ['{{ block "x" . }}{{ end }}', /unsupported action/],
    ['{{ $x := 1 }}', /assignment|variables/],
    ['{{ range $i, $v := .Values.list }}{{ end }}', /variable/],
    ['{{ $name }}', /variables other than \$/],
    ['{{ printf "%q" "a" }}', /unsupported verb %q/],
    ['{{ .Values.ratio }}', /non-integer number/],
    ['{{ .Values.map }}', /printing a map/],
    ['{{ .Values.nested.nope.deeper }}', /nil pointer evaluating \.Values\.nested\.nope\.deeper/],
    ['{{ required "name is required" .Values.empty }}', /required: name is required/],
    ['{{ include "nope" . }}', /no template named "nope"/],
    ['{{ if .Values.name }}x', /missing \{\{ end \}\}/],
    ['x{{ end }}', /unexpected \{\{ end \}\}/],
    ['{{ .Values.name', /unclosed action/],
    ['{{ with .Values.name }}a{{ else if .Values.port }}b{{ end }}', /else if.*inside with/],
    ['{{ (index .Values "nested").x }}', /field of a parenthesised result/],
    ['{{ nindent 2 .Values.port }}', /nindent wants a string/],
    ['{{ if true }}{{ define "x" }}{{ end }}{{ end }}', /define.*top level/],
    ['{{ "a" | default "b" "c" }}', /default takes 1 or 2/],
    ['{{ 1 | 2 }}', /not a function/],
    ['{{ dict "a" }}', /dict wants key\/value pairs/],
    ['{{ dict 1 2 | toYaml }}', /dict wants a string/],
  ])('%s', (source, message) => {
    expect(() => r(source)).toThrow(TemplateError);
    expect(() => r(source)).toThrow(message);
  });

  it('names the template and line of the failing action', () => {
    expect(() => r('ok\nok\n{{ nope }}')).toThrow(/^inline:3: unsupported function "nope"/);
  });

  it('stops an include that includes itself', () => {
    expect(() => r('{{ include "loop" . }}', { '_l.tpl': '{{ define "loop" }}{{ include "loop" . }}{{ end }}' })).toThrow(/nested calls/);
  });
});
