/** Reads pinned module versions out of a go.mod text (the single place versions are written). */
export function requiredVersion(goMod: string, modulePath: string): string {
  const escaped = modulePath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v[^\\s]+)`, 'm').exec(goMod);
  if (!match) throw new Error(`go.mod does not require ${modulePath}: add it with 'go get ${modulePath}@<version>'`);
  return match[1]!;
}
