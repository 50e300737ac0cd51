import { InvalidValue } from '../runtime/errors.js';

/** The values a check's query may refer to as `{{name}}`. */
export interface TemplateValues {
  service: string;
  namespace: string;
  /** The canary's `track` label value (or a Deployment name, as the user's metrics label it). */
  canary: string;
  stable: string;
  /** A PromQL duration such as `1m` (the analysis interval, at least the scrape window). */
  window: string;
}

export const TEMPLATE_VARIABLES: readonly (keyof TemplateValues)[] = [
  'service',
  'namespace',
  'canary',
  'stable',
  'window',
];

/**
 * Fills `{{name}}` placeholders (spaces allowed inside the braces). An unknown name is refused rather
 * than left in place, so `{{serivce}}` fails before the first query instead of matching nothing.
 */
export function renderQuery(template: string, values: TemplateValues): string {
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_whole, name: string) => {
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name))
      throw new InvalidValue(
        `{{${name}}} is not a template variable`,
        TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', '),
      );
    return values[name as keyof TemplateValues];
  });
}

/** A PromQL duration for an interval in ms: whole seconds, at least `minSeconds` (a rate needs two scrapes). */
export function promDuration(ms: number, minSeconds = 10): string {
  const seconds = Math.max(minSeconds, Math.ceil(ms / 1000));
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}
