import { TemplateSet } from './evaluate';
import type { Value } from './values';

/** Renders one template text with `root` as dot; for tests and small tools. */
export function renderString(source: string, root: Value, partials: Record<string, string> = {}): string {
  const set = new TemplateSet();
  for (const [name, text] of Object.entries(partials)) set.add(name, text);
  set.add('inline', source);
  return set.render('inline', root);
}
