import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Writes one Trivy-shaped JSON report: the image report with the Dockerfile scan's results appended, so
 * tools that read Trivy's format (and people) find everything in a single file.
 */
export function writeCombinedReport(
  file: string,
  image: Record<string, unknown>,
  configFile: string | undefined,
): void {
  const combined = { ...image };
  if (configFile) {
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { Results?: unknown[] | null };
    const results = Array.isArray(combined.Results) ? combined.Results : [];
    combined.Results = [...results, ...(config.Results ?? [])];
  }
  writeFileSync(file, JSON.stringify(combined, null, 2));
}
